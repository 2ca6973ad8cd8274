package io.seqspark.tasks;

import io.seqspark.config.JobConfig;
import io.seqspark.models.ModelBundle;
import io.seqspark.tasks.classification.SequenceClassificationTask;
import io.seqspark.tasks.forecasting.ForecastingTask;
import io.seqspark.tasks.language.LanguageModelTask;
import io.seqspark.tasks.text.TextClassificationTask;
import io.seqspark.vectorize.Preprocessing;

/** The one place that picks the {@link Task} of a job file or of a saved model. */
public final class Tasks {
    public static final Task SEQUENCE_CLASSIFICATION = new SequenceClassificationTask();
    public static final Task FORECASTING = new ForecastingTask();
    public static final Task TEXT_CLASSIFICATION = new TextClassificationTask();
    public static final Task LANGUAGE_MODEL = new LanguageModelTask();

    private Tasks() {
    }

    /** The task of a job file: its {@code task} key, and for classification whether it has a text section. */
    public static Task of(JobConfig config) {
        if (config.forecasting()) {
            return FORECASTING;
        }
        if (config.languageModel()) {
            return LANGUAGE_MODEL;
        }
        return config.textual() ? TEXT_CLASSIFICATION : SEQUENCE_CLASSIFICATION;
    }

    /** The task a saved model was trained for, from the kind of its saved preprocessing. */
    public static Task of(ModelBundle model) {
        Preprocessing p = model.preprocessing();
        if (p instanceof Preprocessing.Forecasting) {
            return FORECASTING;
        }
        if (p instanceof Preprocessing.LanguageModelling) {
            return LANGUAGE_MODEL;
        }
        return p instanceof Preprocessing.TextClassification ? TEXT_CLASSIFICATION : SEQUENCE_CLASSIFICATION;
    }
}
