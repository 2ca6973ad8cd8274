package io.seqspark.models;

import io.seqspark.config.ConfigChoice;
import io.seqspark.config.JobConfig;
import io.seqspark.config.LearningRateSchedule;
import io.seqspark.config.GradientClipBy;
import io.seqspark.config.TestSpecs;
import io.seqspark.models.layers.PerThreadDropout;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.dropout.SpatialDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * training.gradient-clip, training.weight-decay and model.dropout-type as ModelFactory builds them into the
 * network: what one optimizer step does with them, measured on the parameters.
 */
class TrainingOptionsTest {
    private static final double LR = 0.01;

    private static JobConfig.TrainingSpec training(String updater, JobConfig.Optimizer options) {
        return TestSpecs.training().learningRate(LR).updater(updater).seed(3).optimizer(options).build();
    }

    private static JobConfig.ModelSpec model(String cell, boolean bidirectional, double dropout, String type) {
        return TestSpecs.model(cell).units(5, 4).bidirectional(bidirectional).dropout(dropout, type).build();
    }

    /** A minibatch of 6 sequences of 3 features and 7 steps, the last two padded in two of them, 2 classes. */
    private static DataSet batch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 3, 7).subi(0.5).muli(4);
        INDArray mask = Nd4j.ones(DataType.FLOAT, 6, 7);
        mask.get(interval(0, 2), interval(5, 7)).assign(0);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 2);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 2, 1);
        }
        return new DataSet(x, y, mask, null);
    }

    private static MultiLayerNetwork net(MultiLayerConfiguration conf, INDArray params) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init(params == null ? null : params.dup(), true);
        return net;
    }

    /** The change of each layer's parameter arrays after one fit of {@code batch}, by layer and parameter key. */
    private static List<Map<String, INDArray>> stepOf(MultiLayerNetwork net, DataSet batch) {
        List<Map<String, INDArray>> before = new java.util.ArrayList<>();
        for (Layer l : net.getLayers()) {
            Map<String, INDArray> p = new java.util.LinkedHashMap<>();
            l.paramTable().forEach((k, v) -> p.put(k, v.dup()));
            before.add(p);
        }
        net.fit(batch);
        for (int i = 0; i < before.size(); i++) {
            Map<String, INDArray> now = net.getLayer(i).paramTable();
            before.get(i).replaceAll((k, v) -> now.get(k).sub(v));
        }
        return before;
    }

    /**
     * With SGD a parameter moves by learning-rate times its gradient, so clipping to norm c bounds every layer's
     * step (by = layer) or every parameter array's step (by = param-type) to exactly learning-rate * c, in wrapped
     * (last-step) and bidirectional layers alike; unclipped, the same step is far larger.
     */
    @ParameterizedTest(name = "{0} bidirectional={1} by={2}")
    @CsvSource({"lstm,false,layer", "gru,true,layer", "lstm,true,param-type", "gru,false,param-type"})
    void gradientClippingBoundsEveryStep(String cell, boolean bidirectional, String by) {
        double c = 1e-2;
        JobConfig.ModelSpec m = model(cell, bidirectional, 0, "standard");
        MultiLayerNetwork clipped = net(ModelFactory.classifier(m,
                training("sgd", new JobConfig.Optimizer(LearningRateSchedule.STEP, 0, c,
                        ConfigChoice.lookup(GradientClipBy.class, by), 0)), 3, 2), null);
        MultiLayerNetwork free = net(ModelFactory.classifier(m, training("sgd", JobConfig.Optimizer.NONE), 3, 2),
                clipped.params());
        DataSet b = batch(5);
        List<Map<String, INDArray>> steps = stepOf(clipped, b);
        List<Map<String, INDArray>> freeSteps = stepOf(free, b);
        double bound = LR * c;
        boolean anyLarger = false;
        for (int i = 0; i < steps.size(); i++) {
            // What is clipped together: the whole layer, or each parameter array.
            Map<String, INDArray> groups = by.equals("layer") ? Map.of("all", Nd4j.toFlattened(
                    steps.get(i).values())) : steps.get(i);
            Map<String, INDArray> freeGroups = by.equals("layer") ? Map.of("all", Nd4j.toFlattened(
                    freeSteps.get(i).values())) : freeSteps.get(i);
            for (Map.Entry<String, INDArray> e : groups.entrySet()) {
                double clippedNorm = e.getValue().norm2Number().doubleValue();
                double freeNorm = freeGroups.get(e.getKey()).norm2Number().doubleValue();
                // SGD's step is learning-rate times the gradient: clipped to norm c when larger, else unchanged.
                // Float parameters near 1 move exactly to about 1e-7, hence the tolerance.
                assertEquals(Math.min(bound, freeNorm), clippedNorm, 1e-2 * bound,
                        "layer " + i + " " + e.getKey() + " (unclipped " + freeNorm + ")");
                anyLarger |= freeNorm > 2 * bound;
            }
        }
        assertTrue(anyLarger, "the check can fail: unclipped steps are larger than the bound");
    }

    /**
     * Decoupled weight decay (AdamW): with Adam, the step with decay is the step without it minus
     * learning-rate * decay * w for every weight, and equal for every bias (Adam's own update does not see the
     * decay), in the recurrent layers (wrapped and bidirectional) and the output layer.
     */
    @ParameterizedTest(name = "{0} bidirectional={1}")
    @CsvSource({"lstm,false", "gru,true"})
    void weightDecayIsDecoupledFromAdam(String cell, boolean bidirectional) {
        double decay = 0.1;
        JobConfig.ModelSpec m = model(cell, bidirectional, 0, "standard");
        MultiLayerConfiguration plainConf = ModelFactory.classifier(m, training("adam", JobConfig.Optimizer.NONE), 3,
                2);
        MultiLayerNetwork decayed = net(ModelFactory.classifier(m,
                training("adam", new JobConfig.Optimizer(LearningRateSchedule.STEP, 0, 0,
                        GradientClipBy.LAYER, decay)), 3, 2), null);
        MultiLayerNetwork plain = net(plainConf.clone(), decayed.params());
        MultiLayerNetwork start = net(plainConf.clone(), decayed.params());
        DataSet b = batch(9);
        List<Map<String, INDArray>> decayedSteps = stepOf(decayed, b);
        List<Map<String, INDArray>> plainSteps = stepOf(plain, b);
        int weights = 0;
        for (int i = 0; i < decayedSteps.size(); i++) {
            for (Map.Entry<String, INDArray> e : decayedSteps.get(i).entrySet()) {
                String key = e.getKey();
                // Bidirectional layers prefix their parameters with f (forward) or b (backward).
                String base = bidirectional && i < 2 ? key.substring(1) : key;
                boolean weight = base.equals("W") || base.equals("RW");
                INDArray expected = plainSteps.get(i).get(key).dup();
                if (weight) {
                    expected.subi(start.getLayer(i).paramTable().get(key).mul(LR * decay));
                    weights++;
                }
                double diff = e.getValue().sub(expected).amaxNumber().doubleValue();
                assertEquals(0, diff, 1e-6, "layer " + i + " " + key + (weight ? " decays" : " does not decay"));
            }
        }
        assertEquals(bidirectional ? 9 : 5, weights, "input and recurrent weights of each layer (each direction), "
                + "output weights");
        double shift = plain.params().sub(decayed.params()).norm2Number().doubleValue();
        assertTrue(shift > 1e-4, "the check can fail: decay moved the weights by " + shift);
    }

    private static org.deeplearning4j.nn.conf.layers.Layer unwrap(org.deeplearning4j.nn.conf.layers.Layer l,
                                                                 String key) {
        if (l instanceof BaseWrapperLayer w) {
            return unwrap(w.getUnderlying(), key);
        }
        if (l instanceof Bidirectional bi) {
            return unwrap(bi.getFwd(), key);
        }
        return l;
    }

    /** DL4J's SpatialDropout on [minibatch, features, time]: each feature of each sequence is kept or dropped at
     * every step alike (scaled by 1 / p when kept), which is what model.dropout-type = variational relies on. */
    @Test
    void spatialDropoutKeepsOneMaskAcrossTime() {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.ones(DataType.FLOAT, 16, 8, 12);
        INDArray out = new SpatialDropout(0.5).applyDropout(x.dup(), Nd4j.createUninitialized(DataType.FLOAT,
                16, 8, 12), 0, 0, LayerWorkspaceMgr.noWorkspaces());
        int dropped = 0;
        for (int i = 0; i < 16; i++) {
            for (int f = 0; f < 8; f++) {
                INDArray steps = out.get(point(i), point(f), all());
                double first = steps.getDouble(0);
                assertTrue(first == 0 || first == 2, "kept features are scaled by 1/0.5: " + first);
                assertEquals(0, steps.sub(first).amaxNumber().doubleValue(), 0, "the same at every step");
                dropped += first == 0 ? 1 : 0;
            }
        }
        assertTrue(dropped > 16 && dropped < 112, "about half the features dropped: " + dropped);
        // Standard dropout, by contrast, draws a new mask at every step.
        INDArray std = new Dropout(0.5).applyDropout(x.dup(), Nd4j.createUninitialized(DataType.FLOAT, 16, 8, 12), 0,
                0, LayerWorkspaceMgr.noWorkspaces());
        assertTrue(std.get(point(0), all(), all()).sum(1).amaxNumber().doubleValue() < 24,
                "the check can fail: standard dropout varies over time");
    }

    /** Where ModelFactory puts which dropout: recurrent inputs (after the first layer) and sequence outputs. */
    @Test
    void variationalDropoutOnRecurrentInputsAndSequenceOutputs() {
        MultiLayerConfiguration v = ModelFactory.classifier(model("lstm", true, 0.3, "variational"),
                training("adam", JobConfig.Optimizer.NONE), 3, 2);
        assertEquals(null, dropoutOf(v, 0), "not on the raw features");
        assertEquals(new PerThreadDropout(0.7, true), dropoutOf(v, 1), "spatial, DL4J's p keeps");
        assertEquals(new PerThreadDropout(0.7, false), dropoutOf(v, 2),
                "the output layer reads one vector per sequence");
        MultiLayerConfiguration s = ModelFactory.classifier(model("gru", false, 0.3, "standard"),
                training("adam", JobConfig.Optimizer.NONE), 3, 2);
        assertEquals(new PerThreadDropout(0.7, false), dropoutOf(s, 1), "standard stays standard");
        MultiLayerConfiguration lm = ModelFactory.languageModel(model("gru", false, 0.3, "variational"),
                training("adam", JobConfig.Optimizer.NONE), 7, 4);
        assertEquals(new PerThreadDropout(0.7, true), dropoutOf(lm, 2));
        assertInstanceOf(org.deeplearning4j.nn.conf.layers.DropoutLayer.class, lm.getConf(3).getLayer());
        assertEquals(new PerThreadDropout(0.7, true), dropoutOf(lm, 3), "the language model's outputs, every step");
        assertEquals(null, dropoutOf(lm, 4), "not twice");
    }

    private static IDropout dropoutOf(MultiLayerConfiguration conf, int layer) {
        return unwrap(conf.getConf(layer).getLayer(), "W").getIDropout();
    }

    /**
     * Spark workers in one JVM share the layer configuration's dropout object (configuration clones are shallow):
     * each thread's forward pass must keep its own mask for its backprop. With DL4J's Dropout alone the second
     * thread's forward pass replaces the first's mask.
     */
    @Test
    void dropoutMasksArePerThread() throws Exception {
        for (boolean spatial : new boolean[]{false, true}) {
            IDropout shared = new PerThreadDropout(0.5, spatial);
            double[] errors = interleave(shared);
            assertEquals(0, errors[0], 0, (spatial ? "spatial" : "standard") + ": thread 1 backprops its own mask");
            assertEquals(0, errors[1], 0, "thread 2 likewise");
        }
        // The check can fail: with DL4J's Dropout shared, thread 1 backprops thread 2's mask (and that backprop
        // frees it, so thread 2 finds none).
        boolean broken;
        try {
            double[] plain = interleave(new Dropout(0.5));
            broken = plain[0] > 0 || plain[1] > 0;
        } catch (java.util.concurrent.ExecutionException e) {
            broken = e.getCause().getMessage().contains("Dropout mask array is absent");
        }
        assertTrue(broken, "DL4J's Dropout shares one mask between threads");
    }

    /**
     * Thread 1 applies dropout to x1, then thread 2 to x2 (same shape, other values), then each backprops ones.
     * The backprop of ones through dropout is the mask scaled, which is zero exactly where the thread's own output
     * was zero: returns, per thread, how many elements disagree.
     */
    private static double[] interleave(IDropout shared) throws Exception {
        java.util.concurrent.ExecutorService t1 = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.ExecutorService t2 = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            INDArray x = Nd4j.ones(DataType.FLOAT, 8, 6, 5);
            java.util.concurrent.Callable<INDArray> forward = () -> shared.applyDropout(x.dup(),
                    Nd4j.createUninitialized(DataType.FLOAT, 8, 6, 5), 0, 0, LayerWorkspaceMgr.noWorkspaces()).dup();
            INDArray out1 = t1.submit(forward).get();
            INDArray out2 = t2.submit(forward).get();
            java.util.concurrent.Callable<INDArray> back = () -> shared.backprop(Nd4j.ones(DataType.FLOAT, 8, 6, 5),
                    Nd4j.createUninitialized(DataType.FLOAT, 8, 6, 5), 0, 0).dup();
            INDArray g1 = t1.submit(back).get();
            INDArray g2 = t2.submit(back).get();
            return new double[]{disagreements(out1, g1), disagreements(out2, g2)};
        } finally {
            t1.shutdownNow();
            t2.shutdownNow();
        }
    }

    private static double disagreements(INDArray out, INDArray grad) {
        INDArray a = out.eq(0).castTo(DataType.FLOAT);
        INDArray b = grad.eq(0).castTo(DataType.FLOAT);
        return a.sub(b).norm1Number().doubleValue();
    }

    /**
     * Variational dropout trains on masked (padded) minibatches, recurrent and language-model networks alike, and
     * at inference padding still does not change a prediction.
     */
    @ParameterizedTest(name = "{0} bidirectional={1}")
    @CsvSource({"lstm,false", "gru,true"})
    void variationalDropoutTrainsWithPadding(String cell, boolean bidirectional) {
        JobConfig.ModelSpec m = model(cell, bidirectional, 0.5, "variational");
        MultiLayerNetwork net = net(ModelFactory.classifier(m, training("adam", JobConfig.Optimizer.NONE), 3, 2),
                null);
        INDArray before = net.params().dup();
        for (int i = 0; i < 3; i++) {
            net.fit(batch(20 + i));
        }
        assertTrue(net.params().sub(before).norm2Number().doubleValue() > 1e-4, "it trained");
        DataSet b = batch(30);
        INDArray padded = net.output(b.getFeatures(), false, b.getFeaturesMaskArray(), null);
        INDArray alone = net.output(b.getFeatures().get(interval(0, 1), all(), interval(0, 5)).dup(), false);
        assertEquals(0, padded.getRow(0).sub(alone.getRow(0)).amaxNumber().doubleValue(), 1e-5,
                "padding does not change the prediction");

        MultiLayerNetwork lm = net(ModelFactory.languageModel(m, training("adam", JobConfig.Optimizer.NONE), 7, 4),
                null);
        INDArray ids = Nd4j.createFromArray(new float[][][]{{{1, 2, 3, 4, 5, 6}}, {{6, 5, 4, 3, 2, 1}}});
        INDArray next = Nd4j.createFromArray(new float[][][]{{{2, 3, 4, 5, 6, 1}}, {{5, 4, 3, 2, 1, 0}}});
        INDArray lmBefore = lm.params().dup();
        lm.fit(new DataSet(ids, next)); // language models train on full-length windows, unmasked
        assertTrue(Double.isFinite(lm.score()) && lm.params().sub(lmBefore).norm2Number().doubleValue() > 0,
                "the language model trains with variational dropout on its outputs");
        if (!bidirectional) {
            // Text generation steps the network one character at a time, through the parameter-free DropoutLayer.
            lm.rnnClearPreviousState();
            INDArray step = lm.rnnTimeStep(ids.get(all(), all(), interval(0, 1)).dup());
            assertEquals(List.of(2L, 7L, 1L), List.of(step.size(0), step.size(1), step.size(2)));
        }
    }

    /** Every option survives the checkpoint format (ModelSerializer), which resumed runs and saved models use. */
    @Test
    void optionsSurviveACheckpoint() throws Exception {
        MultiLayerConfiguration conf = ModelFactory.classifier(model("gru", true, 0.3, "variational"),
                training("adam", new JobConfig.Optimizer(LearningRateSchedule.COSINE, 1, 2.0,
                        GradientClipBy.PARAM_TYPE, 0.05)), 3, 2);
        MultiLayerNetwork net = net(conf, null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(net.getLayerWiseConfigurations(), restored.getLayerWiseConfigurations());
        BaseLayer rec = (BaseLayer) unwrap(restored.getLayerWiseConfigurations().getConf(1).getLayer(), "W");
        assertEquals(org.deeplearning4j.nn.conf.GradientNormalization.ClipL2PerParamType, rec.getGradientNormalization());
        assertEquals(2.0, rec.getGradientNormalizationThreshold(), 0);
        assertEquals(new PerThreadDropout(0.7, true), rec.getIDropout());
        assertInstanceOf(org.nd4j.linalg.learning.regularization.WeightDecay.class, rec.getRegularization().get(0));
    }
}
