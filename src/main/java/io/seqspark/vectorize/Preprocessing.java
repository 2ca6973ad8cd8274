package io.seqspark.vectorize;

import io.seqspark.config.JobConfig;

import java.io.Serializable;

/**
 * Everything needed to turn new rows into the network's input the way training did: saved in the model folder
 * as preprocessing.json.
 *
 * @param forecast      the window spec (forecasting), else null
 * @param labels        the label index (classification), else null
 * @param scaler        the feature scaler (classification), else null
 * @param seriesScalers the global and per-series scalers (forecasting), else null
 */
public record Preprocessing(JobConfig.SequenceSpec sequence, JobConfig.ForecastSpec forecast, LabelIndex labels,
                            FeatureScaler scaler, SeriesScalers seriesScalers) implements Serializable {

    public static Preprocessing classification(JobConfig.SequenceSpec sequence, LabelIndex labels,
                                               FeatureScaler scaler) {
        return new Preprocessing(sequence, null, labels, scaler, null);
    }

    public static Preprocessing forecast(JobConfig.SequenceSpec sequence, JobConfig.ForecastSpec forecast,
                                         SeriesScalers scalers) {
        return new Preprocessing(sequence, forecast, null, null, scalers);
    }
}
