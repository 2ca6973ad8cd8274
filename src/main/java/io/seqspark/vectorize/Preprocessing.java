package io.seqspark.vectorize;

import java.io.Serializable;
import java.util.List;

/**
 * Everything needed to turn new rows into the network's input the way training did: saved in the model folder
 * as preprocessing.json.
 */
public record Preprocessing(String idColumn, String timeColumn, List<String> featureColumns, String labelColumn,
                            LabelIndex labels, FeatureScaler scaler) implements Serializable {
}
