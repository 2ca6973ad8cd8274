package io.seqspark.vectorize;

import io.seqspark.config.JobConfig;
import io.seqspark.vectorize.text.Vocabulary;

import java.io.Serializable;

/**
 * Everything needed to turn new rows into the network's input the way training did: saved in the model folder
 * as preprocessing.json.
 *
 * @param forecast      the window spec (forecasting), else null
 * @param labels        the label index (classification), else null
 * @param scaler        the feature scaler (classification), else null
 * @param seriesScalers the global and per-series scalers (forecasting), else null
 * @param text          the text settings (text classification), else null; vocabulary likewise
 */
public record Preprocessing(JobConfig.SequenceSpec sequence, JobConfig.ForecastSpec forecast, LabelIndex labels,
                            FeatureScaler scaler, SeriesScalers seriesScalers, JobConfig.TextSpec text,
                            Vocabulary vocabulary) implements Serializable {

    public static Preprocessing classification(JobConfig.SequenceSpec sequence, LabelIndex labels,
                                               FeatureScaler scaler) {
        return new Preprocessing(sequence, null, labels, scaler, null, null, null);
    }

    public static Preprocessing forecast(JobConfig.SequenceSpec sequence, JobConfig.ForecastSpec forecast,
                                         SeriesScalers scalers) {
        return new Preprocessing(sequence, forecast, null, null, scalers, null, null);
    }

    /** Text classification: the tokenizer settings, the vocabulary and the label index. */
    public static Preprocessing text(JobConfig.TextSpec text, Vocabulary vocabulary, LabelIndex labels) {
        return new Preprocessing(null, null, labels, null, null, text, vocabulary);
    }

    public boolean textual() {
        return text != null;
    }
}
