package io.seqspark.it;

import io.seqspark.SparkTestSupport;
import io.seqspark.config.JobConfig;
import io.seqspark.config.LearningRateSchedule;
import io.seqspark.config.GradientClipBy;
import io.seqspark.config.TestSpecs;
import io.seqspark.models.ModelFactory;
import io.seqspark.models.layers.PerThreadDropout;
import io.seqspark.training.Checkpoints;
import io.seqspark.training.SparkTrainer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training options recurrent models need (cosine schedule with warm-up, gradient clipping, weight decay,
 * variational dropout) reach the Spark workers, as the learning-rate decay does (AveragingEquivalenceIT): with one
 * worker averaging after every minibatch, Spark training equals single-process fit with the same option, and the
 * option changes the result. A run resumed from a checkpoint ends with the uninterrupted run's parameters.
 */
class TrainingOptionsIT {
    private static final int BATCH = AveragingEquivalenceIT.BATCH;
    private static final JobConfig.ModelSpec MODEL = TestSpecs.model("lstm").units(8, 6).build();
    private static SparkSession spark;
    private static JavaSparkContext jsc;

    @BeforeAll
    static void start() {
        spark = SparkTestSupport.localSpark();
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static JobConfig.TrainingSpec spec(String engine, int workers, int epochs, JobConfig.Optimizer options) {
        return TestSpecs.training().epochs(epochs).batchSize(BATCH).workers(workers).checkpoint("none").retries(0)
                .engine(engine).optimizer(options).build();
    }

    /**
     * A fresh configuration for every run (configuration clones share their updater objects, whose rate the
     * schedule sets).
     */
    private static SparkTrainer.Result train(JobConfig.ModelSpec model, JobConfig.TrainingSpec spec,
                                             List<DataSet> batches, Checkpoints checkpoints) throws Exception {
        SparkTrainer.Result r = SparkTrainer.train(jsc, ModelFactory.classifier(model, spec, 2, 3), spec,
                spec.workers(), jsc.parallelize(batches, 2), (long) batches.size() * BATCH, null, checkpoints);
        assertEquals(spec.epochs(), r.history().size());
        return r;
    }

    private static double diff(INDArray a, INDArray b) {
        return a.sub(b).norm1Number().doubleValue() / a.length();
    }

    @Test
    void eachOptionReachesTheWorkers() throws Exception {
        List<DataSet> batches = AveragingEquivalenceIT.minibatches(6, 31);
        INDArray baseline = train(MODEL, spec("single-process", 1, 3, JobConfig.Optimizer.NONE), batches, null)
                .network().params().dup();
        Map<String, JobConfig.Optimizer> options = Map.of(
                "cosine after 1 warm-up epoch", new JobConfig.Optimizer(LearningRateSchedule.COSINE, 1, 0, GradientClipBy.LAYER, 0),
                "gradient clipping by layer", new JobConfig.Optimizer(LearningRateSchedule.STEP, 0, 0.05, GradientClipBy.LAYER, 0),
                "gradient clipping by parameter type", new JobConfig.Optimizer(LearningRateSchedule.STEP, 0, 0.05,
                        GradientClipBy.PARAM_TYPE, 0),
                "weight decay", new JobConfig.Optimizer(LearningRateSchedule.STEP, 0, 0, GradientClipBy.LAYER, 0.5));
        for (Map.Entry<String, JobConfig.Optimizer> o : options.entrySet()) {
            JobConfig.TrainingSpec single = spec("single-process", 1, 3, o.getValue());
            SparkTrainer.Result a = train(MODEL, single, batches, null);
            SparkTrainer.Result b = train(MODEL, spec("spark", 1, 3, o.getValue()), batches, null);
            INDArray p = a.network().params();
            assertEquals(0, diff(p, b.network().params()), 1e-7, o.getKey() + ": Spark equals single-process");
            double changed = diff(p, baseline);
            assertTrue(changed > 100 * 1e-7, o.getKey() + ": the check can fail, the option changed training ("
                    + changed + ")");
            assertEquals(single.learningRate(3), b.network().getLearningRate(0), 1e-9,
                    o.getKey() + ": the workers' network ends at the last epoch's rate");
        }
    }

    /**
     * Variational dropout with two workers: the workers train with it (the result differs from the same run
     * without dropout) and the network they return carries the per-sequence mask (SpatialDropout).
     */
    @Test
    void variationalDropoutReachesTheWorkers() throws Exception {
        List<DataSet> batches = AveragingEquivalenceIT.minibatches(8, 37);
        JobConfig.ModelSpec dropped = TestSpecs.model("gru").units(8, 6)
                .dropout(0.5, "variational").build();
        JobConfig.ModelSpec none = TestSpecs.model("gru").units(8, 6).build();
        SparkTrainer.Result a = train(dropped, spec("spark", 2, 2, JobConfig.Optimizer.NONE), batches, null);
        SparkTrainer.Result b = train(none, spec("spark", 2, 2, JobConfig.Optimizer.NONE), batches, null);
        assertTrue(a.history().stream().allMatch(h -> Double.isFinite(h.trainLoss())), a.history().toString());
        org.deeplearning4j.nn.conf.layers.Layer top = a.network().getLayerWiseConfigurations().getConf(1).getLayer();
        assertEquals(new PerThreadDropout(0.5, true),
                ((org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer) top).getUnderlying().getIDropout());
        double changed = diff(a.network().params(), b.network().params());
        assertTrue(changed > 100 * 1e-7, "dropout changed the workers' training: " + changed);
    }

    /**
     * Every option at once (no dropout, whose random masks differ between runs), 4 epochs: resuming from the
     * checkpoint of epoch 3 trains epoch 4 at its own scheduled rate and ends exactly where the uninterrupted run
     * ended.
     */
    @Test
    void aResumedRunEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        List<DataSet> batches = AveragingEquivalenceIT.minibatches(6, 41);
        JobConfig.TrainingSpec spec = spec("spark", 1, 4, new JobConfig.Optimizer(LearningRateSchedule.COSINE, 1, 0.05,
                GradientClipBy.LAYER, 0.5));
        assertTrue(Math.abs(spec.learningRate(4) - spec.learningRate(3)) > 1e-4, "epoch 4 has a rate of its own");
        org.apache.hadoop.fs.Path store = new org.apache.hadoop.fs.Path(dir.resolve("ckpt").toUri());
        SparkTrainer.Result full = train(MODEL, spec, batches, new Checkpoints(store));
        // Checkpoints keep the two newest epochs: drop the 4th, as if the run had died during it.
        Path fourth = dir.resolve("ckpt/epoch-0004");
        assertTrue(Files.isDirectory(fourth) && Files.isDirectory(dir.resolve("ckpt/epoch-0003")));
        try (Stream<Path> files = Files.walk(fourth)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Checkpoints resume = new Checkpoints(store);
        assertEquals(3, resume.loadLatest().orElseThrow().epoch());
        SparkTrainer.Result resumed = train(MODEL, spec, batches, resume);
        assertEquals(spec.learningRate(4), resumed.network().getLearningRate(0), 1e-9, "epoch 4's rate");
        assertEquals(0, diff(full.network().params(), resumed.network().params()), 1e-7,
                "the resumed run ends where the uninterrupted one did");
        assertEquals(full.history().get(3).trainLoss(), resumed.history().get(3).trainLoss(), 1e-6);
    }
}
