package io.seqspark.config;

import io.seqspark.vectorize.Covariates;
import io.seqspark.vectorize.Frequency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * task = forecast: step rows of one or more series (an optional id column, a time column, the target columns and
 * optional covariates), cut into lookback/horizon windows (the forecast section of JobConfig). The test set is the
 * last split.test of every series, so there is no separate test file; the network reads the last step of each
 * window, so model.head stays last. The only task with covariates, quantiles and ensembles.
 */
final class ForecastConfig extends TaskConfig {
    /** sequence.future-columns, sequence.static-columns and sequence.calendar: lists, empty by default. */
    static final List<String> COVARIATE_KEYS = List.of("sequence.future-columns", "sequence.static-columns",
            "sequence.calendar");

    ForecastConfig(String task) {
        super(task, true);
    }

    @Override
    Sections read(ConfigReader r, JobConfig.Data data) {
        String textColumn = r.optString("text.text-column").orElse(null);
        boolean folders = "text".equals(data.format());
        if (textColumn != null || folders) {
            r.error(folders ? "data.format" : "text.text-column", "text applies to task = classification only");
        }
        return new Sections(null, readForecastSequence(r), readForecast(r), EmbeddingConfig.read(r, false, task));
    }

    /** Replaces the base check: the forecasting keys apply here. */
    @Override
    void check(ConfigReader r, Shared shared) {
        if (shared.data().testPath() != null) {
            r.error("data.test-path", "does not apply to task = forecast: the test set is the last split.test of "
                    + "every series (a split by time); put the whole history in data.path");
        }
        if ("idx".equals(shared.data().format())) {
            r.error("data.format", "idx holds images, not time series; task = forecast needs csv, tsv, parquet "
                    + "or json step rows");
        }
        requireSplitByTime(r, shared, "the last part of every series is the test set");
        requireLastHead(r, shared, "last step of each window");
        rejectClassWeights(r, shared);
    }

    /**
     * Forecasting step rows: an optional id column (several series), a time column, the target columns and optional
     * covariates. The network's inputs are the targets followed by the covariates.
     */
    private static JobConfig.SequenceSpec readForecastSequence(ConfigReader r) {
        String why = "for task = forecast (see the sequence section of conf/reference.conf)";
        String id = r.optString("sequence.id-column").orElse(null);
        String time = r.requiredString("sequence.time-column", why);
        List<String> targets = r.stringList("sequence.target-columns");
        if (targets != null && targets.isEmpty()) {
            r.error("sequence.target-columns", "expected at least one column to forecast " + why);
        }
        List<String> covariates = r.stringList("sequence.feature-columns");
        List<String> inputs = new ArrayList<>(targets == null ? List.of() : targets);
        if (covariates != null) {
            covariates.stream().filter(c -> !inputs.contains(c)).forEach(inputs::add);
        }
        // Known-future then static columns follow the covariates (the step layout of io.seqspark.vectorize.Covariates).
        for (String key : List.of("sequence.future-columns", "sequence.static-columns")) {
            List<String> columns = r.stringList(key);
            if (columns != null) {
                inputs.addAll(columns);
            }
        }
        r.optString("sequence.label-column").ifPresent(l -> r.error("sequence.label-column",
                "does not apply to task = forecast (the targets are sequence.target-columns); unset it"));
        r.optString("sequence.array-column").ifPresent(a -> r.error("sequence.array-column",
                "does not apply to task = forecast; give step rows with sequence.time-column"));
        String frequency = r.optString("sequence.frequency").orElse(null);
        if (frequency != null) {
            try {
                Frequency.parse(frequency);
            } catch (IllegalArgumentException e) {
                r.error("sequence.frequency", e.getMessage());
            }
        }
        return new JobConfig.SequenceSpec(id, time, inputs, null, r.choice("sequence.scaling", Scaling.class), null,
                0, 0, r.choice("sequence.missing", Missing.class), frequency, r.choice("sequence.gaps", Gaps.class));
    }

    private static JobConfig.ForecastSpec readForecast(ConfigReader r) {
        List<String> targets = r.stringList("sequence.target-columns");
        int lookback = r.intIn("sequence.window.lookback", 1, 100_000);
        int season = r.intIn("sequence.season", 0, 100_000);
        boolean difference = r.bool("sequence.seasonal-difference");
        if (difference && season <= 0) {
            r.error("sequence.seasonal-difference", "needs sequence.season (the steps per season), found season = "
                    + season);
        } else if (difference && lookback <= season) {
            r.error("sequence.seasonal-difference", "needs sequence.window.lookback above sequence.season (the "
                    + "network sees the last lookback - season differences), found lookback = " + lookback
                    + ", season = " + season);
        }
        return new JobConfig.ForecastSpec(targets == null ? List.of() : targets, lookback,
                r.intIn("sequence.window.horizon", 1, 100_000), r.intIn("sequence.window.stride", 1, 100_000),
                season, r.choice("sequence.scaling-scope", ScalingScope.class),
                r.choice("sequence.window.origin", WindowOrigin.class), r.choice("sequence.transform", Transform.class),
                r.choice("sequence.window.normalize", WindowNormalize.class), difference, readQuantiles(r),
                covariateColumns(r, "sequence.future-columns", targets), covariateColumns(r, "sequence.static-columns",
                        targets), readCalendar(r));
    }

    /**
     * sequence.future-columns or static-columns: column names, each once, in no other column list (a target is
     * forecast, not known ahead; a column is a past covariate, known ahead or static, one of the three).
     */
    private static List<String> covariateColumns(ConfigReader r, String key, List<String> targets) {
        List<String> columns = r.stringList(key);
        if (columns == null) {
            return List.of();
        }
        Map<String, String> others = new LinkedHashMap<>();
        if (targets != null) {
            targets.forEach(t -> others.put(t, "sequence.target-columns"));
        }
        for (String other : List.of("sequence.feature-columns", "sequence.future-columns", "sequence.static-columns")) {
            if (!other.equals(key) && r.stringList(other) != null) {
                r.stringList(other).forEach(c -> others.putIfAbsent(c, other));
            }
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String c : columns) {
            if (c.isEmpty()) {
                r.error(key, "expected column names, found an empty name in " + columns);
            } else if (!seen.add(c)) {
                r.error(key, "lists column '" + c + "' twice; list each column once");
            } else if (others.containsKey(c)) {
                r.error(key, "column '" + c + "' is in " + others.get(c) + " too; "
                        + (others.get(c).equals("sequence.target-columns")
                        ? "a target is what the model forecasts, not a covariate; remove it from " + key
                        : "list it in one of them (a column is a past covariate, known ahead, or static)"));
            }
        }
        return List.copyOf(columns);
    }

    /** sequence.calendar: names from Covariates.CALENDAR, each once. */
    private static List<String> readCalendar(ConfigReader r) {
        List<String> names = r.stringList("sequence.calendar");
        if (names == null) {
            return List.of();
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            if (!Covariates.CALENDAR.contains(n)) {
                r.error("sequence.calendar", "unknown calendar feature '" + n + "'; expected some of "
                        + String.join(", ", Covariates.CALENDAR));
            } else if (!seen.add(n)) {
                r.error("sequence.calendar", "lists '" + n + "' twice; list each feature once");
            }
        }
        return List.copyOf(names);
    }

    /** model.quantiles: levels strictly inside (0, 1), ascending, each once (the network's outputs are ordered). */
    private static List<Double> readQuantiles(ConfigReader r) {
        List<Double> q = r.doubleList("model.quantiles", "[0.1, 0.5, 0.9]");
        if (q == null) {
            return List.of();
        }
        for (int i = 0; i < q.size(); i++) {
            double level = q.get(i);
            if (!(level > 0 && level < 1)) {
                r.error("model.quantiles", "expected levels strictly between 0 and 1, like [0.1, 0.5, 0.9], found "
                        + level + " in " + q);
                return List.of();
            }
            if (i > 0 && !(level > q.get(i - 1))) {
                r.error("model.quantiles", "expected distinct levels in ascending order, like [0.1, 0.5, 0.9], "
                        + "found " + q);
                return List.of();
            }
        }
        return List.copyOf(q);
    }
}
