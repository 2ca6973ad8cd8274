package io.seqspark.config;

import io.seqspark.sources.Charsets;

import java.util.List;

/**
 * The job-file rules of one task: the sections only it reads (sequence, text, forecast, embedding) and what it
 * requires of the sections every task shares (data, split, model, training). {@link ConfigLoader} reads the shared
 * sections and leaves the rest to the task's rules, so each task's checks are in one class. They live here rather
 * than in the task packages because those depend on this one; {@code io.seqspark.tasks.Task#taskKey} ties the two.
 */
abstract sealed class TaskConfig permits ClassificationConfig, ForecastConfig, LanguageModelConfig {
    /** The task as the job file gives it, for messages (a misspelt task is quoted as written). */
    final String task;
    /** The task learns from the past to predict what follows, so its test set is the end of the data (by time). */
    final boolean sequential;

    TaskConfig(String task, boolean sequential) {
        this.task = task;
        this.sequential = sequential;
    }

    /**
     * The rules of {@code type}; a missing or misspelt task is read as classification (the error for the task key
     * already lists the tasks), so its other keys are still checked.
     */
    static TaskConfig of(TaskType type, String given) {
        if (type == TaskType.FORECAST) {
            return new ForecastConfig(given);
        }
        if (type == TaskType.LANGUAGE_MODEL) {
            return new LanguageModelConfig(given);
        }
        return new ClassificationConfig(given);
    }

    /** Reads the task's own sections, after the data section. */
    abstract Sections read(ConfigReader r, JobConfig.Data data);

    /**
     * Checks what the task requires of the shared sections. Here: the keys of forecasting that other tasks must
     * leave unset; {@link ForecastConfig} replaces it.
     */
    void check(ConfigReader r, Shared shared) {
        for (String key : ForecastConfig.COVARIATE_KEYS) {
            List<String> set = r.stringList(key);
            if (set != null && !set.isEmpty()) {
                r.error(key, "applies to task = forecast only (found task = " + task + "); unset it");
            }
        }
        List<Double> quantiles = r.doubleList("model.quantiles", "[0.1, 0.5, 0.9]");
        if (quantiles != null && !quantiles.isEmpty()) {
            r.error("model.quantiles", "applies to task = forecast only (found task = " + task + "); unset it");
        }
        if (shared.training().ensemble() > 1) {
            r.error("training.ensemble", "applies to task = forecast only (found task = " + task + " and "
                    + shared.training().ensemble() + " members); set it to 1");
        }
    }

    /** For the sequential tasks: a split at random would train on the future of the test set. */
    final void requireSplitByTime(ConfigReader r, Shared shared, String testSet) {
        if ("random".equals(shared.splitBy())) {
            r.error("split.by", "random does not apply to task = " + task + ": a random split would train on the "
                    + "future of the test data; use time (the default for " + task + ")");
        }
        if (shared.split().test() <= 0) {
            r.error("split.test", "must be above 0 for task = " + task + " (" + testSet + "), found "
                    + shared.split().test());
        }
    }

    /** For the tasks without classes: balanced class weights would weigh nothing. */
    final void rejectClassWeights(ConfigReader r, Shared shared) {
        if (shared.training().balancedClasses()) {
            r.error("training.class-weights", "balanced applies to task = classification only (found task = "
                    + task + ")");
        }
    }

    /** For the tasks that read every step or the last one: model.head pools a classifier's steps only. */
    final void requireLastHead(ConfigReader r, Shared shared, String reads) {
        if (shared.headGiven() != null && shared.model().head() != Head.LAST) {
            r.error("model.head", shared.headGiven() + " applies to classification only; task = " + task
                    + " reads the " + reads + " (use last)");
        }
    }

    /** text.encoding as a canonical charset name (CP949 is Windows Korean here, not Java's IBM949: see Charsets). */
    static String encoding(ConfigReader r) {
        String encoding = r.requiredString("text.encoding", "(the input's charset, e.g. UTF-8)");
        if (encoding == null) {
            return null;
        }
        try {
            return Charsets.canonical(encoding);
        } catch (IllegalArgumentException e) {
            r.error("text.encoding", "unknown charset \"" + encoding + "\"; expected a name such as UTF-8, "
                    + "windows-1252, EUC-KR, CP949, Shift_JIS or GBK");
            return encoding;
        }
    }

    /** The task's own sections; a task leaves those it does not read null. */
    record Sections(JobConfig.TextSpec text, JobConfig.SequenceSpec sequence, JobConfig.ForecastSpec forecast,
                    JobConfig.EmbeddingSpec embedding) {
    }

    /**
     * The shared sections as read.
     *
     * @param splitBy   split.by as given or defaulted, null when it is not one of the choices (already an error)
     * @param headGiven model.head as given (also when misspelt, so its message says what the task needs), or null
     */
    record Shared(JobConfig.Data data, JobConfig.SplitSpec split, String splitBy, JobConfig.ModelSpec model,
                  String headGiven, JobConfig.TrainingSpec training) {
    }
}
