package io.seqspark.config;

import io.seqspark.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @Test
    void quickstartIsTheEmbeddedDefault() {
        JobConfig c = ConfigLoader.load(null, List.of());
        assertEquals("quickstart", c.job().name());
        assertEquals("generated", c.data().format());
        assertNull(c.data().path());
        assertEquals(List.of("x1", "x2"), c.sequence().featureColumns());
        assertEquals("local[*]", c.spark().master());
        assertTrue(c.job().runId().matches("\\d{8}-\\d{6}"), c.job().runId());
        assertTrue(c.resolved().contains("run-id"), "the resolved config records the run id");
    }

    @Test
    void setOverridesTypedValuesAndKeepsStringsVerbatim() {
        JobConfig c = ConfigLoader.load(null, List.of("training.epochs=3", "model.units=[32, 16]",
                "spark.master=local[2]", "job.output=s3a://bucket/runs//x", "job.overwrite=true",
                "spark.conf.\"spark.executor.memory\"=4g", "job.run-id=2026-11-22"));
        assertEquals(3, c.training().epochs());
        assertEquals(List.of(32, 16), c.model().units());
        assertEquals("local[2]", c.spark().master());
        assertEquals("s3a://bucket/runs//x", c.job().output());
        assertTrue(c.job().overwrite());
        assertEquals("4g", c.spark().conf().get("spark.executor.memory"));
        assertEquals("2026-11-22", c.job().runId());
    }

    @Test
    void everyMasterFormSparkAcceptsIsValid() {
        for (String master : List.of("local", "local[1]", "local[16]", "local[*]", "local[2,3]", "local[*, 4]",
                "local-cluster[2,1,1024]", "spark://host:7077", "spark://10.0.0.1:7077,10.0.0.2:7077",
                "spark://[::1]:7077", "yarn", "k8s://https://kubernetes:6443", "mesos://zk://zk1:2181/mesos")) {
            assertEquals(master, ConfigLoader.load(null, List.of("spark.master=\"" + master + "\"")).spark().master());
        }
    }

    @Test
    void anInvalidMasterIsOneErrorNamingItAndTheForms() {
        for (String master : List.of("bogus://x", "local[abc]", "local[0]", "local[]", "locale", "spark://host",
                "spark://host:port", "YARN", "local-cluster[2,1]", "k8s://")) {
            UserError e = assertThrows(UserError.class,
                    () -> ConfigLoader.load(null, List.of("spark.master=\"" + master + "\"")), master);
            assertEquals("invalid configuration: spark.master: \"" + master + "\" is not a Spark master URL; expected "
                    + ConfigLoader.MASTER_FORMS, e.getMessage(), master);
        }
    }

    @Test
    void laterSetWins() {
        JobConfig c = ConfigLoader.load(null, List.of("training.epochs=3", "training.epochs=5"));
        assertEquals(5, c.training().epochs());
    }

    @Test
    void unknownKeyIsAnErrorWithASuggestion() {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(null, List.of("model.cel=gru")));
        assertTrue(e.getMessage().contains("model.cel: unknown key; did you mean model.cell?"), e.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(null,
                List.of("training.epochs=-1", "model.cel=gru", "split.test=1.5", "sequence.scaling=zscore")));
        String m = e.getMessage();
        assertTrue(m.contains("4 problems"), m);
        assertTrue(m.contains("training.epochs: expected a whole number in [1, 1000000], found -1"), m);
        assertTrue(m.contains("model.cel: unknown key"), m);
        assertTrue(m.contains("split.test: expected a number in [0.0, 1.0), found 1.5"), m);
        assertTrue(m.contains("sequence.scaling: expected one of minmax | none | standard, found \"zscore\""), m);
    }

    @Test
    void learningRateScalingIsNoneOrLinear() {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(null,
                List.of("training.learning-rate-scaling=sqrt")));
        assertTrue(e.getMessage().contains("training.learning-rate-scaling: expected one of linear | none, found "
                + "\"sqrt\""), e.getMessage());
        JobConfig.TrainingSpec linear = ConfigLoader.load(null, List.of("training.learning-rate-scaling=linear"))
                .training();
        assertEquals(3.0, linear.learningRateScale(3), 0);
        assertEquals(1.0, ConfigLoader.load(null, List.of()).training().learningRateScale(3), 0, "default none");
        JobConfig.TrainingSpec single = ConfigLoader.load(null, List.of("training.learning-rate-scaling=linear",
                "training.engine=single-process")).training();
        assertEquals(1.0, single.learningRateScale(3), 0, "single-process is never scaled");
    }

    @Test
    void learningRateDecaySchedule() {
        JobConfig c = ConfigLoader.load(null, List.of("training.learning-rate=0.01",
                "training.learning-rate-decay=0.9", "training.learning-rate-decay-after=2"));
        assertEquals(0.01, c.training().learningRate(2), 1e-12);
        assertEquals(0.01 * 0.9 * 0.9, c.training().learningRate(4), 1e-12);
        assertFalse(ConfigLoader.load(null, List.of()).training().decaysLearningRate(), "constant by default");
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(null,
                List.of("training.learning-rate-decay=1.5")));
        assertTrue(e.getMessage().contains("training.learning-rate-decay: expected a number in [1.0E-6, 1.0], "
                + "found 1.5"), e.getMessage());
    }

    /** The options recurrent models need are all off by default: today's training is unchanged. */
    @Test
    void trainingOptionsDefaultOff() {
        JobConfig c = ConfigLoader.load(null, List.of());
        assertEquals(JobConfig.Optimizer.NONE, c.training().options());
        assertFalse(c.training().schedulesLearningRate());
        assertEquals(DropoutType.STANDARD, c.model().dropoutType());
        assertFalse(c.model().variationalDropout());
    }

    @Test
    void trainingOptionsAreRead() {
        JobConfig c = ConfigLoader.load(null, List.of("training.epochs=6", "training.learning-rate-schedule=cosine",
                "training.warmup-epochs=2", "training.gradient-clip.norm=1.5", "training.gradient-clip.by=param-type",
                "training.weight-decay=0.01", "model.dropout=0.3", "model.dropout-type=variational"));
        assertEquals(new JobConfig.Optimizer(LearningRateSchedule.COSINE, 2, 1.5, GradientClipBy.PARAM_TYPE, 0.01),
                c.training().options());
        assertTrue(c.training().schedulesLearningRate());
        assertTrue(c.model().variationalDropout());
    }

    /** Cosine after a warm-up of 2 epochs out of 6, computed by hand from the formula in reference.conf. */
    @Test
    void cosineScheduleWithWarmup() {
        JobConfig.TrainingSpec t = ConfigLoader.load(null, List.of("training.epochs=6", "training.learning-rate=0.01",
                "training.learning-rate-schedule=cosine", "training.warmup-epochs=2")).training();
        assertEquals(0.01 / 3, t.learningRate(1), 1e-12, "warm-up: 1/3 of the rate");
        assertEquals(0.02 / 3, t.learningRate(2), 1e-12, "warm-up: 2/3 of the rate");
        assertEquals(0.01, t.learningRate(3), 1e-12, "the first epoch after warm-up at the full rate");
        assertEquals(0.01 * (1 + Math.cos(Math.PI / 4)) / 2, t.learningRate(4), 1e-12);
        assertEquals(0.005, t.learningRate(5), 1e-12, "half way down the cosine");
        assertEquals(0.01 * (1 + Math.cos(3 * Math.PI / 4)) / 2, t.learningRate(6), 1e-12);
        assertTrue(t.learningRate(6) > 0, "the last epoch still trains");
        JobConfig.TrainingSpec noWarmup = ConfigLoader.load(null, List.of("training.epochs=2",
                "training.learning-rate=0.01", "training.learning-rate-schedule=cosine")).training();
        assertEquals(0.01, noWarmup.learningRate(1), 1e-12);
        assertEquals(0.005, noWarmup.learningRate(2), 1e-12);
    }

    /** Warm-up in front of today's step decay: the decay is as before, warm-up epochs scaled by e / (W + 1). */
    @Test
    void warmupScalesTheStepDecay() {
        JobConfig.TrainingSpec t = ConfigLoader.load(null, List.of("training.epochs=5", "training.learning-rate=0.01",
                "training.warmup-epochs=1", "training.learning-rate-decay=0.5",
                "training.learning-rate-decay-after=2")).training();
        assertEquals(0.005, t.learningRate(1), 1e-12);
        assertEquals(0.01, t.learningRate(2), 1e-12);
        assertEquals(0.005, t.learningRate(3), 1e-12);
        assertEquals(0.0025, t.learningRate(4), 1e-12);
    }

    @Test
    void badTrainingOptionsNameTheKeyAndWhatWasExpected() {
        assertInvalid("training.learning-rate-decay: applies to training.learning-rate-schedule = step only",
                "training.learning-rate-schedule=cosine", "training.learning-rate-decay=0.9");
        assertInvalid("training.warmup-epochs: must be below training.epochs (3), found 3", "training.epochs=3",
                "training.warmup-epochs=3");
        assertInvalid("training.learning-rate-schedule: expected one of cosine | step, found \"linear\"",
                "training.learning-rate-schedule=linear");
        assertInvalid("training.gradient-clip.by: global is not available: DL4J 1.0.0-M2.1 clips each layer's",
                "training.gradient-clip.by=global");
        assertInvalid("training.gradient-clip.by: expected one of layer | param-type, found \"norm\"",
                "training.gradient-clip.by=norm");
        assertInvalid("training.gradient-clip.norm: expected a number in [0.0, 1.0E9], found -1",
                "training.gradient-clip.norm=-1");
        assertInvalid("training.gradient-clip: expected a section { norm = <L2 norm, 0 = off>, by = layer | "
                + "param-type }, found 5", "training.gradient-clip=5");
        assertInvalid("training.weight-decay: expected a number in [0.0, 1.0], found 2", "training.weight-decay=2");
        assertInvalid("model.dropout-type: expected one of standard | variational, found \"spatial\"",
                "model.dropout-type=spatial");
    }

    private static void assertInvalid(String expected, String... overrides) {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(null, List.of(overrides)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void wrongTypesNameKeyAndValue() {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(null,
                List.of("training.batch-size=many", "model.units=64")));
        assertTrue(e.getMessage().contains("training.batch-size: expected a whole number in [1, 1048576], found \"many\""),
                e.getMessage());
        assertTrue(e.getMessage().contains("model.units: expected a list of whole numbers"), e.getMessage());
        assertTrue(e.getMessage().contains("(2 problems)"), "one problem per key: " + e.getMessage());
    }

    @Test
    void fileFormatsNeedAPath(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, "data.format = csv\nsequence { id-column = id, time-column = t, "
                + "feature-columns = [x], label-column = y }\n");
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(conf.toString(), List.of()));
        assertTrue(e.getMessage().contains("data.path: is required when data.format = csv"), e.getMessage());
    }

    @Test
    void idxNeedsLabelFilesAndFlatArrayShape() {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(null, List.of("data.format=idx",
                "data.path=/d/images.gz", "data.test-path=/d/test.gz", "sequence.time-column=t")));
        String m = e.getMessage();
        assertTrue(m.contains("data.labels-path: is required when data.format = idx"), m);
        assertTrue(m.contains("data.test-labels-path: is required when data.format = idx and data.test-path is set"), m);
        assertTrue(m.contains("sequence.time-column: does not apply with sequence.array-column"), m);
        assertTrue(m.contains("sequence.steps: expected a whole number in [1, 1000000], found 0"), m);
    }

    @Test
    void fashionMnistExampleConfigIsValid() {
        JobConfig c = ConfigLoader.load("conf/fashion-mnist.conf", List.of());
        assertTrue(c.sequence().flatArrays());
        assertEquals(28, c.sequence().features());
        assertEquals("pixels", c.sequence().arrayColumn());
    }

    @Test
    void forecastExampleConfigsAreValid() {
        JobConfig airline = ConfigLoader.load("conf/airline-passengers.conf", List.of());
        assertTrue(airline.forecasting());
        assertTrue(airline.split().byTime());
        assertEquals(List.of("Passengers"), airline.sequence().featureColumns(), "the target is the input");
        assertNull(airline.sequence().labelColumn());
        assertEquals(12, airline.forecast().season());
        assertTrue(airline.forecast().relative());
        JobConfig temps = ConfigLoader.load("conf/daily-min-temperatures.conf", List.of());
        assertEquals(365, temps.forecast().season());
        JobConfig many = ConfigLoader.load("conf/seasonal-series.conf", List.of());
        assertTrue(many.forecast().perSeries());
        assertEquals("series_id", many.sequence().idColumn());
    }

    @Test
    void targetTransformKeysAreChecked() {
        JobConfig airline = ConfigLoader.load("conf/airline-passengers.conf", List.of());
        assertEquals("log", airline.forecast().transformKind());
        assertTrue(airline.forecast().seasonalDifference());
        assertEquals(5, airline.training().ensemble());
        JobConfig defaults = ConfigLoader.load("conf/airline-passengers.conf", List.of("sequence.transform=none",
                "sequence.seasonal-difference=false", "training.ensemble=1"));
        assertEquals("none", defaults.forecast().normalizeKind());
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load("conf/airline-passengers.conf",
                List.of("sequence.transform=sqrt", "sequence.window.normalize=mean", "training.ensemble=0",
                        "sequence.season=0")));
        String m = e.getMessage();
        assertTrue(m.contains("sequence.transform: expected one of box-cox | log | none, found \"sqrt\""), m);
        assertTrue(m.contains("sequence.window.normalize: expected one of level | none, found \"mean\""), m);
        assertTrue(m.contains("training.ensemble: expected a whole number in [1, 1000], found 0"), m);
        assertTrue(m.contains("sequence.seasonal-difference: needs sequence.season"), m);
        UserError shortWindow = assertThrows(UserError.class, () -> ConfigLoader.load("conf/airline-passengers.conf",
                List.of("sequence.window.lookback=12")));
        assertTrue(shortWindow.getMessage().contains("sequence.seasonal-difference: needs sequence.window.lookback "
                + "above sequence.season"), shortWindow.getMessage());
        UserError classification = assertThrows(UserError.class, () -> ConfigLoader.load(null,
                List.of("training.ensemble=3")));
        assertTrue(classification.getMessage().contains("training.ensemble: applies to task = forecast only"),
                classification.getMessage());
    }

    @Test
    void forecastInputsAreTargetsThenCovariates() {
        JobConfig c = ConfigLoader.load("conf/airline-passengers.conf",
                List.of("sequence.target-columns=[a, b]", "sequence.feature-columns=[b, c]"));
        assertEquals(List.of("a", "b", "c"), c.sequence().featureColumns());
        assertEquals(2, c.forecast().targets());
    }

    @Test
    void timeZoneIsUtcUnlessChosenAndNeverTheMachines() {
        String key = "spark.sql.session.timeZone";
        assertEquals("UTC", ConfigLoader.load(null, List.of()).spark().conf().get(key));
        assertEquals("Europe/Berlin", ConfigLoader.load(null, List.of("data.time-zone=Europe/Berlin"))
                .spark().conf().get(key));
        assertEquals("Asia/Seoul", ConfigLoader.load(null, List.of("spark.conf.\"" + key + "\"=Asia/Seoul"))
                .spark().conf().get(key));
        assertEquals("+02:00", ConfigLoader.load(null, List.of("data.time-zone=\"+02:00\"",
                "spark.conf.\"" + key + "\"=\"+02:00\"")).spark().conf().get(key));
        UserError conflict = assertThrows(UserError.class, () -> ConfigLoader.load(null,
                List.of("data.time-zone=Europe/Berlin", "spark.conf.\"" + key + "\"=UTC")));
        assertTrue(conflict.getMessage().contains("data.time-zone: is Europe/Berlin but spark.conf"),
                conflict.getMessage());
        UserError bad = assertThrows(UserError.class, () -> ConfigLoader.load(null,
                List.of("data.time-zone=Mars/Olympus")));
        assertTrue(bad.getMessage().contains("data.time-zone: expected a time zone such as UTC"), bad.getMessage());
    }

    @Test
    void gapKeysAreChecked() {
        JobConfig c = ConfigLoader.load("conf/airline-passengers.conf", List.of("sequence.frequency=1mo"));
        assertEquals("1mo", c.sequence().frequency());
        assertEquals(Gaps.ERROR, c.sequence().gapPolicy());
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load("conf/airline-passengers.conf",
                List.of("sequence.frequency=1M", "sequence.gaps=skip")));
        assertTrue(e.getMessage().contains("sequence.frequency: expected a positive step such as 1h"), e.getMessage());
        assertTrue(e.getMessage().contains("found \"1M\""), e.getMessage());
        assertTrue(e.getMessage().contains("sequence.gaps: expected one of error | fill | ignore"), e.getMessage());
    }

    @Test
    void setNullUnsetsAKeyTheJobFileSets() {
        JobConfig c = ConfigLoader.load(null, List.of("task=forecast", "sequence.label-column=null",
                "sequence.target-columns=[x1]", "sequence.feature-columns=[x2]", "sequence.window.lookback=5"));
        assertNull(c.sequence().labelColumn());
        assertEquals(List.of("x1", "x2"), c.sequence().featureColumns());
    }

    @Test
    void forecastKeysAreChecked() {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load("conf/airline-passengers.conf",
                List.of("sequence.target-columns=[]", "sequence.window.lookback=0", "split.by=random",
                        "sequence.label-column=y", "data.test-path=x.csv", "sequence.scaling-scope=each")));
        String m = e.getMessage();
        assertTrue(m.contains("sequence.target-columns: expected at least one column"), m);
        assertTrue(m.contains("sequence.window.lookback: expected a whole number in [1, 100000], found 0"), m);
        assertTrue(m.contains("split.by: random does not apply to task = forecast"), m);
        assertTrue(m.contains("sequence.label-column: does not apply to task = forecast"), m);
        assertTrue(m.contains("data.test-path: does not apply to task = forecast"), m);
        assertTrue(m.contains("sequence.scaling-scope: expected one of global | series"), m);
        UserError time = assertThrows(UserError.class, () -> ConfigLoader.load(null, List.of("split.by=time")));
        assertTrue(time.getMessage().contains("split.by: time applies to task = forecast or language-model only"),
                time.getMessage());
        UserError weekly = assertThrows(UserError.class, () -> ConfigLoader.load(null, List.of("split.by=weekly")));
        assertTrue(weekly.getMessage().contains("split.by: expected one of random | time, found \"weekly\""),
                weekly.getMessage());
    }

    @Test
    void unknownKeyInAFileNamesItsLine(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, "training {\n  epoch = 3\n}\n");
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(conf.toString(), List.of()));
        assertTrue(e.getMessage().contains("training.epoch: unknown key; did you mean training.epochs?"),
                e.getMessage());
        assertTrue(e.getMessage().contains("job.conf: 2"), e.getMessage());
    }

    @Test
    void openSectionsAcceptAnyKey() {
        JobConfig c = ConfigLoader.load(null, List.of("data.options.header=false",
                "spark.conf.\"spark.sql.shuffle.partitions\"=3"));
        assertEquals("false", c.data().options().get("header"));
        assertEquals("3", c.spark().conf().get("spark.sql.shuffle.partitions"));
    }

    @Test
    void runIdMustBeAFolderName() {
        UserError e = assertThrows(UserError.class,
                () -> ConfigLoader.load(null, List.of("job.run-id=2026-11-22T00:00:00+00:00")));
        assertTrue(e.getMessage().contains("job.run-id: expected 1-200 ASCII letters, digits and . _ = -"),
                e.getMessage());
    }

    @Test
    void runIdsAndJobNamesThatNameAnotherFolderAreRefusedBeforeAnyWork() {
        for (String bad : List.of("..", ".", "a/../b", ".hidden")) {
            UserError id = assertThrows(UserError.class, () -> ConfigLoader.load(null, List.of("job.run-id=" + bad)));
            assertTrue(id.getMessage().contains("job.run-id: expected") && id.getMessage().contains(bad),
                    id.getMessage());
            UserError name = assertThrows(UserError.class, () -> ConfigLoader.load(null, List.of("job.name=" + bad)));
            assertTrue(name.getMessage().contains("job.name: expected") && name.getMessage().contains(bad),
                    name.getMessage());
        }
        UserError latest = assertThrows(UserError.class, () -> ConfigLoader.load(null, List.of("job.run-id=LATEST")));
        assertTrue(latest.getMessage().contains("reserved"), latest.getMessage());
    }

    @Test
    void missingConfFileIsAUserError() {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load("/no/such/job.conf", List.of()));
        assertTrue(e.getMessage().contains("/no/such/job.conf"), e.getMessage());
    }

    @Test
    void malformedSetIsAUserError() {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(null, List.of("training.epochs")));
        assertTrue(e.getMessage().contains("expected KEY=VALUE"), e.getMessage());
    }

    @Test
    void packagedDefaultsAreTheDocumentedReference() throws Exception {
        String packaged = new String(getClass().getClassLoader()
                .getResourceAsStream(ConfigLoader.REFERENCE_RESOURCE).readAllBytes());
        assertEquals(Files.readString(Path.of("conf/reference.conf")), packaged);
        assertFalse(packaged.isBlank());
    }

    @Test
    void nsmcExampleConfigIsATextJob() {
        JobConfig c = ConfigLoader.load("conf/nsmc-sentiment.conf", List.of());
        assertTrue(c.textual());
        assertEquals(Tokenizer.KOREAN, c.text().tokenizer());
        assertEquals("review", c.text().textColumn());
        assertEquals(100000, c.data().selection().perClass());
        assertTrue(c.data().selection().columns().containsKey("sentiment"));
        assertNull(c.sequence(), "a text job has no sequence section to check");
    }

    @Test
    void textKeysAreChecked() {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(null, List.of("data.format=csv",
                "data.path=x.csv", "text.text-column=review", "text.encoding=klingon-8", "text.tokenizer=morse",
                "data.sample.per-class=10")));
        assertTrue(e.getMessage().contains("text.label-column"), e.getMessage());
        assertTrue(e.getMessage().contains("text.encoding: unknown charset \"klingon-8\""), e.getMessage());
        assertTrue(e.getMessage().contains("text.tokenizer"), e.getMessage());
        assertTrue(e.getMessage().contains("data.sample: set both"), e.getMessage());
        UserError folders = assertThrows(UserError.class, () -> ConfigLoader.load(null, List.of("data.format=text",
                "data.path=corpus", "text.text-column=review")));
        assertTrue(folders.getMessage().contains("text.text-column: must be unset when data.format = text"),
                folders.getMessage());
    }

    @Test
    void languageModelConfigIsCheckedAndTheExampleIsValid() {
        JobConfig c = ConfigLoader.load("conf/tinyshakespeare.conf", List.of());
        assertTrue(c.languageModel());
        assertFalse(c.textual(), "not a text classifier");
        assertEquals(50, c.training().tbpttLength());
        assertTrue(c.split().byTime(), "the test text is the end of the text");
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load("conf/tinyshakespeare.conf",
                List.of("text.tokenizer=word", "data.format=csv", "split.by=random")));
        assertTrue(e.getMessage().contains("text.tokenizer: task = language-model supports char"), e.getMessage());
        assertTrue(e.getMessage().contains("data.format: task = language-model reads plain-text files"),
                e.getMessage());
        assertTrue(e.getMessage().contains("split.by: random does not apply to task = language-model"),
                e.getMessage());
        assertTrue(e.getMessage().contains("without text.text-column"), e.getMessage());
        // Plain-text files are the text: a text column does not apply to them.
        UserError column = assertThrows(UserError.class, () -> ConfigLoader.load("conf/tinyshakespeare.conf",
                List.of("text.text-column=x")));
        assertTrue(column.getMessage().contains("text.text-column: does not apply"), column.getMessage());
        // Rows of another source: one document per row of the text column.
        JobConfig rows = ConfigLoader.load("conf/tinyshakespeare.conf", List.of("data.format=parquet",
                "text.text-column=body"));
        assertEquals("body", rows.text().textColumn());
        assertTrue(rows.languageModel());
    }
}
