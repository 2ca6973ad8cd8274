package io.seqspark.vectorize;

import io.seqspark.config.JobConfig;
import io.seqspark.vectorize.text.Vocabulary;

/**
 * preprocessing.json's layout: one object with a field per part, null where a task has none. The layout written since
 * the four tasks existed, so model folders written before the kinds load; which parts are set says the kind of
 * {@link Preprocessing}.
 */
public record PreprocessingFile(JobConfig.SequenceSpec sequence, JobConfig.ForecastSpec forecast, LabelIndex labels,
                                FeatureScaler scaler, SeriesScalers seriesScalers, JobConfig.TextSpec text,
                                Vocabulary vocabulary) {

    /** The file of {@code p}. */
    public static PreprocessingFile of(Preprocessing p) {
        if (p instanceof Preprocessing.SequenceClassification c) {
            return new PreprocessingFile(c.sequence(), null, c.labels(), c.scaler(), null, null, null);
        }
        if (p instanceof Preprocessing.Forecasting f) {
            return new PreprocessingFile(f.sequence(), f.forecast(), null, null, f.seriesScalers(), null, null);
        }
        if (p instanceof Preprocessing.TextClassification t) {
            return new PreprocessingFile(null, null, t.labels(), null, null, t.text(), t.vocabulary());
        }
        Preprocessing.LanguageModelling l = (Preprocessing.LanguageModelling) p;
        return new PreprocessingFile(null, null, null, null, null, l.text(), l.vocabulary());
    }

    /**
     * The preprocessing this file holds: a forecaster's (a window spec), a language model's (a vocabulary without
     * labels), a text classifier's (text settings and labels) or a sequence classifier's (labels).
     *
     * @throws IllegalArgumentException naming the part that is missing when the parts fit no task
     */
    public Preprocessing preprocessing() {
        if (forecast != null) {
            return new Preprocessing.Forecasting(require(sequence, "sequence"), forecast,
                    require(seriesScalers, "seriesScalers"));
        }
        if (labels == null) {
            return new Preprocessing.LanguageModelling(require(text, "text (or labels)"),
                    require(vocabulary, "vocabulary"));
        }
        if (text != null) {
            return new Preprocessing.TextClassification(text, require(vocabulary, "vocabulary"), labels);
        }
        return new Preprocessing.SequenceClassification(require(sequence, "sequence (or text)"), labels, scaler);
    }

    private static <T> T require(T part, String name) {
        if (part == null) {
            throw new IllegalArgumentException("it has no " + name);
        }
        return part;
    }
}
