package io.seqspark.ml;

import io.seqspark.config.ClassWeights;
import io.seqspark.config.Head;
import io.seqspark.config.Missing;
import io.seqspark.config.Scaling;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Params that more than one task's estimators take, each defined once, as Spark ML's own shared params are
 * ({@code org.apache.spark.ml.param.shared.HasLabelCol} and the like). A stage's params interface extends the ones
 * it has; its {@code jobKeys()} lists their job-file keys.
 */
public final class SharedParams {
    private SharedParams() {
    }

    /** sequence.scaling: sequence classifiers and forecasters. */
    public interface HasScaling extends Params {
        default Param<String> scaling() {
            return ChoiceParam.of(this, "scaling", "sequence.scaling", "feature scaling", Scaling.class);
        }
    }

    /** sequence.missing: sequence classifiers and forecasters. */
    public interface HasMissing extends Params {
        default Param<String> missing() {
            return ChoiceParam.of(this, "missing", "sequence.missing", "missing feature values", Missing.class);
        }
    }

    /** data.time-zone: the stages that read a time column. */
    public interface HasTimeZone extends Params {
        default Param<String> timeZone() {
            return new Param<>(this, "timeZone", "data.time-zone: zone of times written without an offset");
        }
    }

    /** model.head: the classifiers (sequences and texts). */
    public interface HasHead extends Params {
        default Param<String> head() {
            return ChoiceParam.of(this, "head", "model.head", "what of the sequence the output layer reads",
                    Head.class);
        }
    }

    /** training.class-weights: the classifiers. */
    public interface HasClassWeights extends Params {
        default Param<String> classWeights() {
            return ChoiceParam.of(this, "classWeights", "training.class-weights", "loss weights per class",
                    ClassWeights.class);
        }
    }

    /** The classifiers' probability output column. */
    public interface HasProbabilityCol extends Params {
        default Param<String> probabilityCol() {
            return new Param<>(this, "probabilityCol", "output column of the class probabilities (a vector in the "
                    + "order of the model's labels())");
        }

        default String getProbabilityCol() {
            return (String) getOrDefault(probabilityCol());
        }
    }

    /** model.embedding-size: the text models' token embedding. */
    public interface HasEmbeddingSize extends Params {
        default IntParam embeddingSize() {
            return new IntParam(this, "embeddingSize", "model.embedding-size");
        }
    }
}
