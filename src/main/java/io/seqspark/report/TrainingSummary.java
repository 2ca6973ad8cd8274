package io.seqspark.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * report.json's {@code training}: how the network was trained (the job file's training settings as applied), how
 * long it took and the loss of every epoch.
 *
 * @param wallSeconds          training time, seconds
 * @param examplesPerSecond    training examples per second over all epochs (all workers together)
 * @param batchSizePerWorker   training.batch-size (each worker's minibatch)
 * @param learningRate         training.learning-rate before schedule, warm-up and worker scaling
 * @param earlyStopping        with training.early-stopping.patience, when training stopped; else null
 * @param statsHtml            the training-stats page beside the report, when training.stats collected it
 * @param classWeights         classification with balanced class weights: each class's loss weight
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingSummary(int epochsCompleted, double wallSeconds, double examplesPerSecond, String engine,
                              int workers, int batchSizePerWorker, int averagingFrequency, String updater,
                              double learningRate, String learningRateSchedule, int warmupEpochs,
                              GradientClip gradientClip, double weightDecay, List<Epoch> history,
                              EarlyStopping earlyStopping, String statsHtml, List<Double> classWeights) {

    public TrainingSummary withClassWeights(double[] weights) {
        List<Double> w = Arrays.stream(weights).boxed().toList();
        return new TrainingSummary(epochsCompleted, wallSeconds, examplesPerSecond, engine, workers,
                batchSizePerWorker, averagingFrequency, updater, learningRate, learningRateSchedule, warmupEpochs,
                gradientClip, weightDecay, history, earlyStopping, statsHtml, w);
    }

    /**
     * One epoch.
     *
     * @param learningRate      the rate the workers trained this epoch at (schedule, warm-up and scaling applied)
     * @param trainLoss         mean training loss; null when not finite
     * @param validationLoss    mean validation loss; null without a validation split or when not finite
     * @param seconds           the epoch's wall time
     * @param examplesPerSecond training examples per second in this epoch
     */
    public record Epoch(int epoch, double learningRate, Double trainLoss, Double validationLoss, double seconds,
                        double examplesPerSecond) {
    }

    /** training.early-stopping: the patience, the metric watched, the best epoch and whether it stopped early. */
    public record EarlyStopping(int patience, String metric, int bestEpoch, boolean stoppedEarly) {
    }

    /**
     * training.gradient-clip: written as "none", or as {@code {"norm": .., "by": ..}} when gradients are clipped.
     *
     * @param norm the clipping threshold; null for none
     * @param by   what the norm is taken over (DL4J's GradientNormalization)
     */
    public record GradientClip(Double norm, String by) {
        public static final GradientClip NONE = new GradientClip(null, null);
        private static final String NONE_TEXT = "none";

        @JsonValue
        Object json() {
            if (norm == null) {
                return NONE_TEXT;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("norm", norm);
            m.put("by", by);
            return m;
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static GradientClip of(JsonNode node) {
            return node.isObject() ? new GradientClip(node.get("norm").asDouble(), node.get("by").asText()) : NONE;
        }
    }
}
