package io.seqspark.config;

import io.seqspark.storage.RunNames;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.seqspark.UserError;
import io.seqspark.sources.SparkSources;
import io.seqspark.storage.Storage;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads a job configuration: the documented defaults (conf/reference.conf), then the job file (or the embedded
 * quickstart), then command-line overrides. Unknown keys are errors; every problem is reported at once.
 */
public final class ConfigLoader {
    public static final String REFERENCE_RESOURCE = "seqspark/reference.conf";
    public static final String QUICKSTART_RESOURCE = "seqspark/quickstart.conf";

    /** Sections whose keys are passed through to Spark, so any key is accepted there. */
    private static final Set<String> OPEN_SECTIONS = Set.of("spark.conf", "data.options", "data.columns");

    public static final Set<String> FORMATS = Set.of("csv", "tsv", "parquet", "json", "idx", "text", "generated",
            JobConfig.Data.TABLE);
    /** Formats read from files: data.path is required and must exist. Other Spark sources (jdbc, ...) may need none. */
    public static final Set<String> FILE_FORMATS = Set.of("csv", "tsv", "parquet", "json", "idx", "text", "orc",
            "avro");
    public static final String SESSION_TIME_ZONE = "spark.sql.session.timeZone";

    private static final String HOST_PORT = "([^:/,\\s\\[\\]]+|\\[[0-9A-Fa-f:.]+]):[0-9]+";
    /** The master URLs Spark 3.5 accepts (SparkContext.createTaskScheduler and the cluster managers' prefixes). */
    private static final Pattern MASTER = Pattern.compile("local"
            + "|local\\[(\\*|[1-9][0-9]*)(\\s*,\\s*[0-9]+)?]"
            + "|local-cluster\\[\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*]"
            + "|spark://" + HOST_PORT + "(," + HOST_PORT + ")*"
            + "|yarn|k8s://\\S+|mesos://\\S+");
    static final String MASTER_FORMS = "local, local[N], local[*], local[N,F] (F: task retries), "
            + "local-cluster[W,C,M], spark://host:port, yarn, k8s://https://host:port or mesos://host:port";

    private ConfigLoader() {
    }

    /** Rejects a master Spark would only refuse after starting (with a stack trace), or never (local[0]). */
    static boolean validMaster(String master) {
        return MASTER.matcher(master).matches();
    }

    /**
     * @param confFile a job file (local path or Hadoop FS URI), or null for the embedded quickstart
     * @param sets     KEY=VALUE overrides, in order (later wins)
     */
    public static JobConfig load(String confFile, List<String> sets) {
        Config reference = parseResource(REFERENCE_RESOURCE);
        Config user = confFile == null ? parseResource(QUICKSTART_RESOURCE) : parseFile(confFile);
        Config overrides = ConfigFactory.empty();
        for (String set : sets) {
            overrides = parseSet(set).withFallback(overrides);
        }
        List<String> errors = new ArrayList<>();
        checkKnownKeys(user.root(), reference.root(), "", errors);
        checkKnownKeys(overrides.root(), reference.root(), "", errors);
        Config merged;
        try {
            merged = overrides.withFallback(user).withFallback(reference).resolve();
        } catch (ConfigException e) {
            errors.add(e.getMessage());
            throw invalid(errors);
        }
        return read(merged, errors);
    }

    /** @param errors problems found so far (unknown keys), reported together with the value problems */
    private static JobConfig read(Config merged, List<String> errors) {
        ConfigReader r = new ConfigReader(merged, errors);

        String name = r.requiredString("job.name", "(names the run folder)");
        if (name != null && RunNames.problem(name) != null) {
            r.error("job.name", RunNames.problem(name));
        }
        String output = r.requiredString("job.output", "(where runs are written)");
        String runId = r.optString("job.run-id").orElse(null);
        if (runId != null && RunNames.runIdProblem(runId) != null) {
            r.error("job.run-id", RunNames.runIdProblem(runId));
        }
        if (runId == null) {
            runId = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            merged = merged.withValue("job.run-id", ConfigValueFactory.fromAnyRef(runId));
        }
        JobConfig.Job job = new JobConfig.Job(name, output, runId, r.bool("job.overwrite"));

        String master = r.requiredString("spark.master", "(a Spark master URL such as local[*] or spark://host:7077)");
        if (master != null && !validMaster(master)) {
            r.error("spark.master", "\"" + master + "\" is not a Spark master URL; expected " + MASTER_FORMS);
        }
        JobConfig.SparkSettings spark = new JobConfig.SparkSettings(master, withTimeZone(r, r.stringMap("spark.conf")));

        TaskType taskType = r.choice("task", TaskType.class);
        // As given, for the messages of other keys that depend on it (they quote a misspelt task too).
        String task = taskType != null ? taskType.key() : r.optString("task").orElse(null);

        String format = r.requiredString("data.format", "(csv, tsv, parquet, json, idx, text, generated, table or "
                + "another Spark data source's name)");
        if (format != null && !FORMATS.contains(format)) {
            String problem = SparkSources.problem(format);
            if (problem != null) {
                r.error("data.format", "unknown format \"" + format + "\": expected one of "
                        + String.join(" | ", new java.util.TreeSet<>(FORMATS)) + ", or the name of a Spark data source "
                        + "on the class path such as orc, avro, jdbc or delta (" + problem + ")");
            }
        }
        boolean generated = "generated".equals(format);
        boolean table = JobConfig.Data.TABLE.equals(format);
        boolean pathRequired = format != null && FILE_FORMATS.contains(format);
        String path = pathRequired
                ? r.requiredString("data.path", "when data.format = " + format + " (a file, folder or glob)")
                : r.optString("data.path").orElse(null);
        if ((generated || table) && path != null) {
            r.error("data.path", "must be unset when data.format = " + format + " (found \"" + path + "\")"
                    + (table ? "; data.table names the table" : ""));
        }
        String tableName = table ? r.requiredString("data.table", "when data.format = table (a table or view in "
                + "Spark's catalog, e.g. sales or db.sales)") : r.optString("data.table").orElse(null);
        if (!table && tableName != null) {
            r.error("data.table", "applies to data.format = table only (found data.format = " + format + ")");
        }
        String testPath = r.optString("data.test-path").orElse(null);
        if ((generated || table) && testPath != null) {
            r.error("data.test-path", "must be unset when data.format = " + format
                    + (table ? " (the test set is split.test of data.table; a where condition or a view selects rows)"
                    : ""));
        }
        int minLength = r.intIn("data.generator.min-length", 2, 100_000);
        int maxLength = r.intIn("data.generator.max-length", 2, 100_000);
        if (maxLength < minLength) {
            r.error("data.generator.max-length", "expected >= data.generator.min-length (" + minLength
                    + "), found " + maxLength);
        }
        JobConfig.Generator generator = new JobConfig.Generator(r.choice("data.generator.name", GeneratorName.class),
                r.intIn("data.generator.sequences", 12, 100_000_000), minLength, maxLength,
                r.longIn("data.generator.seed", Long.MIN_VALUE, Long.MAX_VALUE));
        boolean idx = "idx".equals(format);
        String labelsPath = idx ? r.requiredString("data.labels-path", "when data.format = idx (the IDX label file "
                + "that goes with data.path)") : r.optString("data.labels-path").orElse(null);
        String testLabelsPath = r.optString("data.test-labels-path").orElse(null);
        if (idx && testPath != null && testLabelsPath == null) {
            r.error("data.test-labels-path", "is required when data.format = idx and data.test-path is set");
        }
        if (!idx && (labelsPath != null || testLabelsPath != null)) {
            r.error(labelsPath != null ? "data.labels-path" : "data.test-labels-path",
                    "applies to data.format = idx only (found data.format = " + format + ")");
        }
        String balanceColumn = r.optString("data.sample.balance-column").orElse(null);
        int perClass = r.intIn("data.sample.per-class", 0, Integer.MAX_VALUE);
        if ((balanceColumn == null) != (perClass == 0)) {
            r.error("data.sample", "set both balance-column and per-class (> 0), or neither");
        }
        JobConfig.Selection selection = new JobConfig.Selection(r.stringMap("data.columns"),
                r.optString("data.where").orElse(null), balanceColumn, perClass,
                r.longIn("data.sample.seed", Long.MIN_VALUE, Long.MAX_VALUE));
        if (generated && (!selection.columns().isEmpty() || selection.where() != null || balanceColumn != null)) {
            r.error("data", "columns, where and sample do not apply to data.format = generated");
        }
        JobConfig.Data data = new JobConfig.Data(format, path, testPath, labelsPath, testLabelsPath,
                r.stringMap("data.options"), generator, selection, tableName);

        TaskConfig taskConfig = TaskConfig.of(taskType, task);
        TaskConfig.Sections sections = taskConfig.read(r, data);

        double test = r.doubleIn("split.test", 0, 1, false);
        double validation = r.doubleIn("split.validation", 0, 1, false);
        if (test + validation >= 1) {
            r.error("split", "split.test + split.validation must be below 1 (nothing left to train on), found "
                    + test + " + " + validation);
        }
        String by = r.optString("split.by").orElse(taskConfig.sequential ? "time" : "random");
        if (ConfigChoice.lookup(SplitBy.class, by) == null) {
            // The default depends on the task, so the value read is checked here rather than by r.choice.
            r.error("split.by", "expected one of " + ConfigChoice.choices(SplitBy.class) + ", found \"" + by + "\"");
            by = null;
        }
        JobConfig.SplitSpec split = new JobConfig.SplitSpec(test, validation,
                r.longIn("split.seed", Long.MIN_VALUE, Long.MAX_VALUE), taskConfig.sequential);

        List<Integer> units = r.intList("model.units", 1, 8192);
        if (units != null && units.isEmpty()) {
            r.error("model.units", "expected at least one layer size, like [64]");
        }
        Cell cell = r.choice("model.cell", Cell.class);
        ModelOutput modelOutput = r.choice("model.output", ModelOutput.class);
        if (modelOutput == ModelOutput.CELL && cell == Cell.GRU) {
            r.error("model.output", "cell requires model.cell = lstm (a GRU has no separate cell state)");
        }
        Head head = r.choice("model.head", Head.class);
        // As given, so a misspelt head is told what the task needs too.
        String headName = head != null ? head.key() : r.optString("model.head").orElse(null);
        JobConfig.ModelSpec model = new JobConfig.ModelSpec(cell, units, r.bool("model.bidirectional"),
                r.doubleIn("model.dropout", 0, 1, false), modelOutput,
                r.choice("model.gru-reset", GruReset.class) == GruReset.AFTER,
                r.intIn("model.embedding-size", 1, 100_000), head, r.choice("model.dropout-type", DropoutType.class));

        JobConfig.TrainingSpec training = new JobConfig.TrainingSpec(
                r.intIn("training.epochs", 1, 1_000_000),
                r.intIn("training.batch-size", 1, 1 << 20),
                r.doubleIn("training.learning-rate", 1e-9, 10, true),
                r.choice("training.updater", Updater.class),
                r.intIn("training.workers", 0, 100_000),
                r.intIn("training.averaging-frequency", 1, 1_000_000),
                r.longIn("training.seed", Long.MIN_VALUE, Long.MAX_VALUE),
                r.choice("training.class-weights", ClassWeights.class),
                r.choice("training.checkpoint", Checkpoint.class),
                r.intIn("training.early-stopping.patience", 0, 1_000_000),
                r.intIn("training.tbptt-length", 0, 1_000_000),
                r.bool("training.stats"),
                r.intIn("training.retries", 0, 100),
                r.choice("training.engine", Engine.class),
                r.intIn("training.prefetch", 0, 1000),
                r.doubleIn("training.learning-rate-decay", 1e-6, 1, true),
                r.intIn("training.learning-rate-decay-after", 0, 1_000_000),
                r.choice("training.learning-rate-scaling", LearningRateScaling.class), readOptimizer(r, merged),
                r.intIn("training.ensemble", 1, 1000));
        if (training.options().cosine() && training.decaysLearningRate()) {
            r.error("training.learning-rate-decay", "applies to training.learning-rate-schedule = step only; cosine "
                    + "sets every epoch's rate itself (leave learning-rate-decay at 1.0), found "
                    + training.learningRateDecay());
        }
        if (training.options().warmupEpochs() > 0 && training.options().warmupEpochs() >= training.epochs()) {
            r.error("training.warmup-epochs", "must be below training.epochs (" + training.epochs() + "), found "
                    + training.options().warmupEpochs());
        }
        r.choice("training.early-stopping.metric", EarlyStoppingMetric.class);
        if (training.earlyStoppingPatience() > 0 && validation == 0) {
            r.error("training.early-stopping.patience", "needs a validation split to watch (split.validation > 0), "
                    + "found split.validation = 0");
        }
        taskConfig.check(r, new TaskConfig.Shared(data, split, by, model, headName, training));
        JobConfig.BacktestSpec backtest = BacktestConfig.read(r, task);

        if (!r.errors().isEmpty()) {
            throw invalid(r.errors());
        }
        String resolved = merged.root().render(ConfigRenderOptions.defaults().setOriginComments(false)
                .setJson(false));
        return new JobConfig(job, spark, taskType, data, sections.sequence(), sections.forecast(), sections.text(),
                split, model, training, resolved, sections.embedding(), backtest);
    }

    /** training.learning-rate-schedule, warmup-epochs, gradient-clip and weight-decay. */
    private static JobConfig.Optimizer readOptimizer(ConfigReader r, Config merged) {
        String clip = "training.gradient-clip";
        double norm = 0;
        GradientClipBy by = GradientClipBy.LAYER;
        if (!merged.hasPath(clip) || merged.getValue(clip).valueType() != ConfigValueType.OBJECT) {
            r.error(clip, "expected a section { norm = <L2 norm, 0 = off>, by = layer | param-type }, found "
                    + (merged.hasPath(clip) ? merged.getValue(clip).render() : "null"));
        } else {
            norm = r.doubleIn(clip + ".norm", 0, 1e9, true);
            String givenBy = r.optString(clip + ".by").orElse("");
            if (givenBy.equals("global")) {
                // Said plainly, so nobody mistakes per-layer clipping for clipping by the global norm.
                r.error(clip + ".by", "global is not available: DL4J 1.0.0-M2.1 clips each layer's gradient "
                        + "(layer) or each parameter array's (param-type), never all gradients by one global norm");
            } else {
                by = r.choice(clip + ".by", GradientClipBy.class);
            }
        }
        return new JobConfig.Optimizer(r.choice("training.learning-rate-schedule", LearningRateSchedule.class),
                r.intIn("training.warmup-epochs", 0, 1_000_000), norm, by,
                r.doubleIn("training.weight-decay", 0, 1, true));
    }

    /**
     * data.time-zone becomes Spark's session time zone, so times without an offset parse the same on every machine
     * (Spark would otherwise take the JVM's zone). Unset: spark.conf's own spark.sql.session.timeZone, else UTC;
     * both set to different zones is an error.
     */
    private static Map<String, String> withTimeZone(ConfigReader r, Map<String, String> sparkConf) {
        String ours = r.optString("data.time-zone").orElse(null);
        String theirs = sparkConf.get(SESSION_TIME_ZONE);
        ZoneId zone = zone(r, "data.time-zone", ours);
        ZoneId sparkZone = zone(r, "spark.conf.\"" + SESSION_TIME_ZONE + "\"", theirs);
        if (zone != null && sparkZone != null && !zone.normalized().equals(sparkZone.normalized())) {
            r.error("data.time-zone", "is " + ours + " but spark.conf.\"" + SESSION_TIME_ZONE + "\" is " + theirs
                    + "; set only one of them");
        }
        Map<String, String> out = new LinkedHashMap<>(sparkConf);
        out.put(SESSION_TIME_ZONE, ours != null ? ours : theirs != null ? theirs : "UTC");
        return out;
    }

    private static ZoneId zone(ConfigReader r, String key, String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            r.error(key, "expected a time zone such as UTC, Europe/Berlin or +02:00, found \"" + value + "\"");
            return null;
        }
    }

    private static UserError invalid(List<String> found) {
        // A list read by two sections (e.g. sequence.target-columns) reports the same problem once.
        List<String> errors = new ArrayList<>(new java.util.LinkedHashSet<>(found));
        if (errors.size() == 1) {
            return new UserError("invalid configuration: " + errors.get(0));
        }
        return new UserError("invalid configuration (" + errors.size() + " problems):\n  - "
                + String.join("\n  - ", errors));
    }

    /** Reports every key of {@code given} that the reference does not define. */
    private static void checkKnownKeys(ConfigObject given, ConfigObject known, String prefix, List<String> errors) {
        for (Map.Entry<String, ConfigValue> e : given.entrySet()) {
            String key = ConfigUtil.joinPath(e.getKey());
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            ConfigValue knownValue = known.get(e.getKey());
            if (knownValue == null) {
                errors.add(path + ": unknown key" + suggestion(e.getKey(), known.keySet(), prefix)
                        + " (set in " + e.getValue().origin().description() + ")");
            } else if (!OPEN_SECTIONS.contains(path) && knownValue.valueType() == ConfigValueType.OBJECT
                    && e.getValue().valueType() == ConfigValueType.OBJECT) {
                checkKnownKeys((ConfigObject) e.getValue(), (ConfigObject) knownValue, path, errors);
            }
        }
    }

    private static String suggestion(String key, Set<String> candidates, String prefix) {
        String best = null;
        int bestDistance = 3;
        for (String c : candidates) {
            int d = LevenshteinDistance.getDefaultInstance().apply(key, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best != null) {
            return "; did you mean " + (prefix.isEmpty() ? best : prefix + "." + best) + "?";
        }
        return "; known keys here: " + String.join(", ", new java.util.TreeSet<>(candidates));
    }

    /** KEY=VALUE: the value is read as HOCON (numbers, booleans, lists), except plain strings stay verbatim. */
    static Config parseSet(String set) {
        int eq = set.indexOf('=');
        if (eq <= 0) {
            throw new UserError("--set " + set + ": expected KEY=VALUE, e.g. --set training.epochs=3");
        }
        String key = set.substring(0, eq).trim();
        String raw = set.substring(eq + 1).trim();
        String origin = "--set " + set;
        try {
            ConfigUtil.splitPath(key);
        } catch (ConfigException e) {
            throw new UserError(origin + ": \"" + key + "\" is not a valid key (use dotted paths like model.cell)");
        }
        ConfigValue value;
        try {
            value = ConfigFactory.parseString("v = " + raw, ConfigParseOptions.defaults()
                    .setSyntax(ConfigSyntax.CONF).setOriginDescription(origin)).root().get("v");
            // root().get keeps an explicit null (it unsets the key; getValue would throw on it).
            if (value == null || value.valueType() == ConfigValueType.STRING) {
                // Keep strings such as URIs (s3a://b/x) or local[2] exactly as typed.
                value = ConfigValueFactory.fromAnyRef(unquote(raw), origin);
            }
        } catch (ConfigException e) {
            value = ConfigValueFactory.fromAnyRef(unquote(raw), origin);
        }
        return ConfigFactory.empty(origin).withValue(key, value);
    }

    private static String unquote(String raw) {
        return raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"") ? raw.substring(1, raw.length() - 1)
                : raw;
    }

    private static Config parseResource(String resource) {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " missing from the seqspark jar");
            }
            return parse(in, resource);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + resource, e);
        }
    }

    private static Config parseFile(String confFile) {
        try (InputStream in = Storage.open(confFile)) {
            return parse(in, confFile);
        } catch (java.io.FileNotFoundException e) {
            throw new UserError("--conf " + confFile + ": file not found");
        } catch (IOException e) {
            throw new UserError("--conf " + confFile + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    private static Config parse(InputStream in, String origin) {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return ConfigFactory.parseReader(reader, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setOriginDescription(origin));
        } catch (ConfigException e) {
            throw new UserError("configuration file " + origin + " is not valid HOCON: " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot read configuration file " + origin + ": " + e.getMessage());
        }
    }
}
