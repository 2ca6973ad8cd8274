package io.seqspark.vectorize;

import java.io.Serializable;
import io.seqspark.config.JobConfig;

/**
 * Everything needed to turn new rows into the network's input the way training did: saved in the model folder
 * as preprocessing.json.
 */
public record Preprocessing(JobConfig.SequenceSpec sequence, LabelIndex labels, FeatureScaler scaler)
        implements Serializable {
}
