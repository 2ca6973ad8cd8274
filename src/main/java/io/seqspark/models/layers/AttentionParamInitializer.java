package io.seqspark.models.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * Parameters of {@link AttentionPooling} as views of one flat vector: W [nIn, nIn], b [1, nIn], v [nIn, 1].
 * W and v take the layer's weight initialisation, b its bias initialisation.
 */
public final class AttentionParamInitializer implements ParamInitializer {
    public static final AttentionParamInitializer INSTANCE = new AttentionParamInitializer();

    public static final String WEIGHT_KEY = "W";
    public static final String BIAS_KEY = "b";
    public static final String CONTEXT_KEY = "v";

    private AttentionParamInitializer() {
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return AttentionPooling.params(((AttentionPooling) layer).getNIn());
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(WEIGHT_KEY, BIAS_KEY, CONTEXT_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY, CONTEXT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(BIAS_KEY);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key) || CONTEXT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initialize) {
        AttentionPooling l = (AttentionPooling) conf.getLayer();
        Map<String, INDArray> views = views(l.getNIn(), paramsView);
        if (initialize) {
            long n = l.getNIn();
            INDArray w = views.get(WEIGHT_KEY);
            w.assign(l.getWeightInitFn().init(n, n, new long[]{n, n}, 'f', w.dup('f')));
            INDArray v = views.get(CONTEXT_KEY);
            v.assign(l.getWeightInitFn().init(n, 1, new long[]{n, 1}, 'f', v.dup('f')));
            views.get(BIAS_KEY).assign(l.getBiasInit());
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(((AttentionPooling) conf.getLayer()).getNIn(), gradientView);
    }

    private static Map<String, INDArray> views(long n, INDArray flat) {
        INDArray v = flat.reshape(flat.length());
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(WEIGHT_KEY, v.get(interval(0, n * n)).reshape('f', n, n));
        out.put(BIAS_KEY, v.get(interval(n * n, n * n + n)).reshape(1, n));
        out.put(CONTEXT_KEY, v.get(interval(n * n + n, n * n + 2 * n)).reshape('f', n, 1));
        return out;
    }
}
