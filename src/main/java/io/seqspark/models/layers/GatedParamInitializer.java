package io.seqspark.models.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * Parameters of a gated recurrent layer with {@code gates} blocks of nOut units: W [nIn, gates·nOut],
 * RW [nOut, gates·nOut], b [gates·nOut], and for a reset-after GRU RB [nOut], as views of one flat vector.
 * Each gate block of W and RW is initialised on its own, with the fan-in and fan-out of one block.
 */
public final class GatedParamInitializer implements ParamInitializer {
    public static final GatedParamInitializer GRU = new GatedParamInitializer(3);
    public static final GatedParamInitializer LSTM = new GatedParamInitializer(4);

    public static final String WEIGHT_KEY = "W";
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    public static final String BIAS_KEY = "b";
    public static final String RECURRENT_BIAS_KEY = "RB";

    private final int gates;

    private GatedParamInitializer(int gates) {
        this.gates = gates;
    }

    /** GRU: 3·(nIn + nOut)·nOut + 3·nOut, plus nOut recurrent candidate biases when reset-after. */
    public static long gruParams(long nIn, long nOut, boolean resetAfter) {
        return 3 * (nIn + nOut) * nOut + 3 * nOut + (resetAfter ? nOut : 0);
    }

    /** LSTM: 4·(nIn + nOut)·nOut + 4·nOut. */
    public static long lstmParams(long nIn, long nOut) {
        return 4 * (nIn + nOut) * nOut + 4 * nOut;
    }

    private static boolean hasRecurrentBias(Layer layer) {
        return layer instanceof io.seqspark.models.layers.GRU g && g.isResetAfter();
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        BaseRecurrentLayer l = (BaseRecurrentLayer) layer;
        long nOut = l.getNOut();
        return gates * (l.getNIn() + nOut) * nOut + gates * nOut + (hasRecurrentBias(layer) ? nOut : 0);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return hasRecurrentBias(layer) ? List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY, RECURRENT_BIAS_KEY)
                : List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return hasRecurrentBias(layer) ? List.of(BIAS_KEY, RECURRENT_BIAS_KEY) : List.of(BIAS_KEY);
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
        BaseRecurrentLayer l = (BaseRecurrentLayer) conf.getLayer();
        Map<String, INDArray> views = views(l, paramsView);
        if (initialize) {
            long nIn = l.getNIn();
            long nOut = l.getNOut();
            IWeightInit inputInit = l.getWeightInitFn();
            IWeightInit recurrentInit = l.getWeightInitFnRecurrent() != null ? l.getWeightInitFnRecurrent() : inputInit;
            for (int block = 0; block < gates; block++) {
                INDArray w = views.get(WEIGHT_KEY).get(all(), interval(block * nOut, (block + 1) * nOut));
                w.assign(inputInit.init(nIn, nOut, new long[]{nIn, nOut}, 'f', w.dup('f')));
                INDArray rw = views.get(RECURRENT_WEIGHT_KEY).get(all(), interval(block * nOut, (block + 1) * nOut));
                rw.assign(recurrentInit.init(nOut, nOut, new long[]{nOut, nOut}, 'f', rw.dup('f')));
            }
            views.get(BIAS_KEY).assign(l.getBiasInit());
            if (l instanceof io.seqspark.models.layers.GRU gru) {
                // Blocks r, z, n: the update gate is block 1.
                views.get(BIAS_KEY).get(all(), interval(nOut, 2 * nOut)).assign(gru.getUpdateGateBiasInit());
            }
            if (l instanceof MaskedLSTM lstm) {
                // Blocks i, f, o, g: the forget gate is block 1.
                views.get(BIAS_KEY).get(all(), interval(nOut, 2 * nOut)).assign(lstm.getForgetGateBiasInit());
            }
            if (hasRecurrentBias(l)) {
                views.get(RECURRENT_BIAS_KEY).assign(l.getBiasInit());
            }
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views((BaseRecurrentLayer) conf.getLayer(), gradientView);
    }

    private Map<String, INDArray> views(BaseRecurrentLayer l, INDArray flat) {
        long nIn = l.getNIn();
        long nOut = l.getNOut();
        INDArray v = flat.reshape(flat.length());
        long wEnd = nIn * gates * nOut;
        long rwEnd = wEnd + nOut * gates * nOut;
        long bEnd = rwEnd + gates * nOut;
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(WEIGHT_KEY, v.get(interval(0, wEnd)).reshape('f', nIn, gates * nOut));
        out.put(RECURRENT_WEIGHT_KEY, v.get(interval(wEnd, rwEnd)).reshape('f', nOut, gates * nOut));
        out.put(BIAS_KEY, v.get(interval(rwEnd, bEnd)).reshape(1, gates * nOut));
        if (hasRecurrentBias(l)) {
            out.put(RECURRENT_BIAS_KEY, v.get(interval(bEnd, bEnd + nOut)).reshape(1, nOut));
        }
        return out;
    }
}
