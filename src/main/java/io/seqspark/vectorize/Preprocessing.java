package io.seqspark.vectorize;

import io.seqspark.config.JobConfig;
import io.seqspark.vectorize.text.Vocabulary;

import java.io.Serializable;

/**
 * Everything needed to turn new rows into the network's input the way training did, one kind per task: the fitted
 * stages (label index, scalers, vocabulary) and the column settings they apply to. Saved in the model folder as
 * preprocessing.json ({@link PreprocessingFile}); {@code io.seqspark.tasks.Tasks} picks a saved model's task by its
 * kind.
 */
public sealed interface Preprocessing extends Serializable {

    /** The preprocessing of a classifier: its label index (output i of the network is label i). */
    sealed interface Labelled extends Preprocessing {
        LabelIndex labels();
    }

    /** The preprocessing of a text model: the tokenizer settings and the vocabulary (token i is input i). */
    sealed interface Textual extends Preprocessing {
        JobConfig.TextSpec text();

        Vocabulary vocabulary();
    }

    /**
     * task = classification over sequences (step rows or flat arrays).
     *
     * @param sequence the columns and shape read
     * @param scaler   the feature scaler fitted on the training split
     */
    record SequenceClassification(JobConfig.SequenceSpec sequence, LabelIndex labels, FeatureScaler scaler)
            implements Labelled {
    }

    /**
     * task = forecast.
     *
     * @param sequence      the step-row columns: targets, then the covariates
     * @param forecast      the window spec (lookback, horizon, transforms, quantiles)
     * @param seriesScalers the global and per-series scalers fitted on each series' training part
     */
    record Forecasting(JobConfig.SequenceSpec sequence, JobConfig.ForecastSpec forecast, SeriesScalers seriesScalers)
            implements Preprocessing {
    }

    /** task = classification over texts (text.text-column or data.format = text). */
    record TextClassification(JobConfig.TextSpec text, Vocabulary vocabulary, LabelIndex labels)
            implements Labelled, Textual {
    }

    /** task = language-model: the character vocabulary (its last index is the unknown character). */
    record LanguageModelling(JobConfig.TextSpec text, Vocabulary vocabulary) implements Textual {
    }
}
