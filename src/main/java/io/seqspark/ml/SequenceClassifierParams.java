package io.seqspark.ml;


import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;

import java.util.HashMap;
import java.util.Map;

/** Params of {@link SequenceClassifier} and {@link SequenceClassificationModel}: the sequence.* keys of step rows. */
public interface SequenceClassifierParams extends SeqSparkParams,
        SharedParams.HasScaling, SharedParams.HasMissing,
        SharedParams.HasTimeZone, SharedParams.HasHead, SharedParams.HasClassWeights,
        SharedParams.HasProbabilityCol {
    Map<String, String> SEQUENCE_KEYS = Map.ofEntries(
            Map.entry("idCol", "sequence.id-column"),
            Map.entry("timeCol", "sequence.time-column"),
            Map.entry("featureCols", "sequence.feature-columns"),
            Map.entry("labelCol", "sequence.label-column"),
            Map.entry("scaling", "sequence.scaling"),
            Map.entry("missing", "sequence.missing"),
            Map.entry("timeZone", "data.time-zone"),
            Map.entry("head", "model.head"),
            Map.entry("classWeights", "training.class-weights"));

    @Override
    default Map<String, String> jobKeys() {
        Map<String, String> keys = new HashMap<>(COMMON_KEYS);
        keys.putAll(SEQUENCE_KEYS);
        return keys;
    }

    default Param<String> idCol() {
        return new Param<>(this, "idCol", "sequence.id-column: the sequence of each step row");
    }

    default Param<String> timeCol() {
        return new Param<>(this, "timeCol", "sequence.time-column: orders the steps of a sequence");
    }

    default StringArrayParam featureCols() {
        return new StringArrayParam(this, "featureCols", "sequence.feature-columns: the numeric values of a step");
    }

    default Param<String> labelCol() {
        return new Param<>(this, "labelCol", "sequence.label-column: the sequence's label, the same on all its rows");
    }

    default String getIdCol() {
        return isDefined(idCol()) ? (String) getOrDefault(idCol()) : null;
    }

    default String getLabelCol() {
        return isDefined(labelCol()) ? (String) getOrDefault(labelCol()) : null;
    }

    default String[] getFeatureCols() {
        return (String[]) getOrDefault(featureCols());
    }

}
