package io.seqspark.models.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/** Parameter layout of {@link GRU}: W, RW, b, then RB (reset-after only), as views of one flat vector. */
public final class GRUParamInitializer implements ParamInitializer {
    public static final GRUParamInitializer INSTANCE = new GRUParamInitializer();
    public static final String WEIGHT_KEY = "W";
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    public static final String BIAS_KEY = "b";
    public static final String RECURRENT_BIAS_KEY = "RB";

    private GRUParamInitializer() {
    }

    /** 3·(nIn + nOut)·nOut weights, 3·nOut biases, plus nOut recurrent candidate biases when reset-after. */
    public static long numParams(long nIn, long nOut, boolean resetAfter) {
        return 3 * (nIn + nOut) * nOut + 3 * nOut + (resetAfter ? nOut : 0);
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        GRU g = (GRU) layer;
        return numParams(g.getNIn(), g.getNOut(), g.isResetAfter());
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return ((GRU) layer).isResetAfter() ? List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY, RECURRENT_BIAS_KEY)
                : List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return ((GRU) layer).isResetAfter() ? List.of(BIAS_KEY, RECURRENT_BIAS_KEY) : List.of(BIAS_KEY);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key) || RECURRENT_WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key) || RECURRENT_BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initialize) {
        GRU g = (GRU) conf.getLayer();
        Map<String, INDArray> views = views(g, paramsView);
        if (initialize) {
            long nIn = g.getNIn();
            long nOut = g.getNOut();
            IWeightInit inputInit = g.getWeightInitFn();
            IWeightInit recurrentInit = g.getWeightInitFnRecurrent() != null ? g.getWeightInitFnRecurrent() : inputInit;
            // Each gate block is initialised on its own, with the fan-in/fan-out of one block.
            for (int block = 0; block < 3; block++) {
                INDArray w = views.get(WEIGHT_KEY).get(all(),
                        interval(block * nOut, (block + 1) * nOut));
                w.assign(inputInit.init(nIn, nOut, new long[]{nIn, nOut}, 'f', w.dup('f')));
                INDArray rw = views.get(RECURRENT_WEIGHT_KEY).get(all(),
                        interval(block * nOut, (block + 1) * nOut));
                rw.assign(recurrentInit.init(nOut, nOut, new long[]{nOut, nOut}, 'f', rw.dup('f')));
            }
            views.get(BIAS_KEY).assign(g.getBiasInit());
            if (g.isResetAfter()) {
                views.get(RECURRENT_BIAS_KEY).assign(g.getBiasInit());
            }
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views((GRU) conf.getLayer(), gradientView);
    }

    private static Map<String, INDArray> views(GRU g, INDArray flat) {
        long nIn = g.getNIn();
        long nOut = g.getNOut();
        INDArray v = flat.reshape(flat.length());
        long wEnd = nIn * 3 * nOut;
        long rwEnd = wEnd + nOut * 3 * nOut;
        long bEnd = rwEnd + 3 * nOut;
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(WEIGHT_KEY, v.get(interval(0, wEnd)).reshape('f', nIn, 3 * nOut));
        out.put(RECURRENT_WEIGHT_KEY, v.get(interval(wEnd, rwEnd)).reshape('f', nOut, 3 * nOut));
        out.put(BIAS_KEY, v.get(interval(rwEnd, bEnd)).reshape(1, 3 * nOut));
        if (g.isResetAfter()) {
            out.put(RECURRENT_BIAS_KEY, v.get(interval(bEnd, bEnd + nOut)).reshape(1, nOut));
        }
        return out;
    }
}
