package io.seqspark.ml;

import io.seqspark.config.Cell;
import io.seqspark.config.DropoutType;
import io.seqspark.config.Engine;
import io.seqspark.config.GradientClipBy;
import io.seqspark.config.LearningRateScaling;
import io.seqspark.config.LearningRateSchedule;
import io.seqspark.config.Updater;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

import java.util.Map;

/**
 * Params every seqspark estimator and its model share: the network (model.*), training (training.*) and split
 * (split.*) keys of a job file, under Spark ML names, and the output column. A param object is made afresh on each
 * call; Spark ML params are equal by parent and name, so that is the same param every time.
 */
public interface SeqSparkParams extends Params {
    /** Param name to job-file key. */
    Map<String, String> COMMON_KEYS = Map.ofEntries(
            Map.entry("cell", "model.cell"),
            Map.entry("units", "model.units"),
            Map.entry("bidirectional", "model.bidirectional"),
            Map.entry("dropout", "model.dropout"),
            Map.entry("dropoutType", "model.dropout-type"),
            Map.entry("epochs", "training.epochs"),
            Map.entry("batchSize", "training.batch-size"),
            Map.entry("learningRate", "training.learning-rate"),
            Map.entry("learningRateDecay", "training.learning-rate-decay"),
            Map.entry("learningRateDecayAfter", "training.learning-rate-decay-after"),
            Map.entry("learningRateSchedule", "training.learning-rate-schedule"),
            Map.entry("warmupEpochs", "training.warmup-epochs"),
            Map.entry("learningRateScaling", "training.learning-rate-scaling"),
            Map.entry("gradientClip", "training.gradient-clip.norm"),
            Map.entry("gradientClipBy", "training.gradient-clip.by"),
            Map.entry("weightDecay", "training.weight-decay"),
            Map.entry("updater", "training.updater"),
            Map.entry("workers", "training.workers"),
            Map.entry("averagingFrequency", "training.averaging-frequency"),
            Map.entry("seed", "training.seed"),
            Map.entry("engine", "training.engine"),
            Map.entry("earlyStoppingPatience", "training.early-stopping.patience"),
            Map.entry("testFraction", "split.test"),
            Map.entry("validationFraction", "split.validation"));

    /** Every param's job-file key (this stage's task keys and the common ones). */
    Map<String, String> jobKeys();

    default Param<String> predictionCol() {
        return new Param<>(this, "predictionCol", "output column of the prediction");
    }

    default Param<String> cell() {
        return ChoiceParam.of(this, "cell", "model.cell", "recurrent cell", Cell.class);
    }

    default IntArrayParam units() {
        return new IntArrayParam(this, "units", "model.units: units of each stacked recurrent layer, first to last");
    }

    default BooleanParam bidirectional() {
        return new BooleanParam(this, "bidirectional", "model.bidirectional: read sequences in both directions");
    }

    default DoubleParam dropout() {
        return new DoubleParam(this, "dropout", "model.dropout: dropout before every layer after the first");
    }

    default Param<String> dropoutType() {
        return ChoiceParam.of(this, "dropoutType", "model.dropout-type",
                "variational = one mask per sequence", DropoutType.class);
    }

    default DoubleParam learningRateDecay() {
        return new DoubleParam(this, "learningRateDecay",
                "training.learning-rate-decay: step decay factor per epoch after learningRateDecayAfter; 1 = none");
    }

    default IntParam learningRateDecayAfter() {
        return new IntParam(this, "learningRateDecayAfter",
                "training.learning-rate-decay-after: epochs at the full rate before the step decay");
    }

    default Param<String> learningRateSchedule() {
        return ChoiceParam.of(this, "learningRateSchedule", "training.learning-rate-schedule",
                "the rate after warm-up", LearningRateSchedule.class);
    }

    default IntParam warmupEpochs() {
        return new IntParam(this, "warmupEpochs", "training.warmup-epochs: linear warm-up epochs; 0 = none");
    }

    default Param<String> learningRateScaling() {
        return ChoiceParam.of(this, "learningRateScaling", "training.learning-rate-scaling",
                "linear = the rate times the workers", LearningRateScaling.class);
    }

    default DoubleParam gradientClip() {
        return new DoubleParam(this, "gradientClip",
                "training.gradient-clip.norm: gradient clipping by L2 norm; 0 = off");
    }

    default Param<String> gradientClipBy() {
        return ChoiceParam.of(this, "gradientClipBy", "training.gradient-clip.by",
                "the gradients each norm is taken over", GradientClipBy.class);
    }

    default DoubleParam weightDecay() {
        return new DoubleParam(this, "weightDecay", "training.weight-decay: decoupled weight decay; 0 = none");
    }

    default IntParam epochs() {
        return new IntParam(this, "epochs", "training.epochs");
    }

    default IntParam batchSize() {
        return new IntParam(this, "batchSize", "training.batch-size: minibatch size per worker");
    }

    default DoubleParam learningRate() {
        return new DoubleParam(this, "learningRate", "training.learning-rate");
    }

    default Param<String> updater() {
        return ChoiceParam.of(this, "updater", "training.updater", "optimizer", Updater.class);
    }

    default IntParam workers() {
        return new IntParam(this, "workers", "training.workers: parallel workers; 0 = Spark's default parallelism");
    }

    default IntParam averagingFrequency() {
        return new IntParam(this, "averagingFrequency",
                "training.averaging-frequency: minibatches per worker between parameter averaging rounds");
    }

    default LongParam seed() {
        return new LongParam(this, "seed", "training.seed: weight initialisation and shuffling");
    }

    default Param<String> engine() {
        return ChoiceParam.of(this, "engine", "training.engine", "spark = parameter averaging", Engine.class);
    }

    default IntParam earlyStoppingPatience() {
        return new IntParam(this, "earlyStoppingPatience", "training.early-stopping.patience; 0 = off");
    }

    default DoubleParam testFraction() {
        return new DoubleParam(this, "testFraction",
                "split.test: part held out to score the fitted model (its summary's test metrics)");
    }

    default DoubleParam validationFraction() {
        return new DoubleParam(this, "validationFraction", "split.validation: part held out for validation loss");
    }

    default String getPredictionCol() {
        return (String) getOrDefault(predictionCol());
    }

    default int[] getUnits() {
        return (int[]) getOrDefault(units());
    }

    default int getEpochs() {
        return (Integer) getOrDefault(epochs());
    }
}
