package io.seqspark.it;

import io.seqspark.config.GeneratorName;
import io.seqspark.config.JobConfig;
import io.seqspark.ml.LanguageModel;
import io.seqspark.ml.LanguageModeler;
import io.seqspark.ml.SequenceClassificationModel;
import io.seqspark.ml.SequenceClassifier;
import io.seqspark.ml.SequenceForecastModel;
import io.seqspark.ml.SequenceForecaster;
import io.seqspark.ml.TextClassificationModel;
import io.seqspark.ml.TextClassifier;
import io.seqspark.report.Scores;
import io.seqspark.sources.ControlChartGenerator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The io.seqspark.ml estimators as Spark ML stages, in local[2]: a DataFrame saved with saveAsTable into a
 * temporary warehouse and read back with spark.table goes through a Pipeline of an SQLTransformer and a seqspark
 * estimator; the fitted PipelineModel is saved, loaded in a new JVM (which registers the same table files in its own
 * session) and gives the same output there, line for line: TextClassifier (one row per text),
 * SequenceForecaster and SequenceClassifier (step rows), LanguageModeler (one document per row).
 */
class SparkMlPipelineIT {
    private static final List<String> POSITIVE = List.of("good", "great", "excellent", "love", "fine");
    private static final List<String> NEGATIVE = List.of("bad", "awful", "poor", "hate", "broken");
    private static final List<String> NEUTRAL = List.of("the", "product", "it", "was", "very", "and", "delivery");

    @AfterEach
    void stop() {
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static SparkSession session(Path warehouse) {
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop(); // a session left by another test would keep its own warehouse
            return null;
        });
        return SparkSession.builder().master("local[2]").appName("spark-ml-it")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.warehouse.dir", warehouse.toUri().toString())
                .getOrCreate();
    }

    /** Reviews of six words: two that carry the sentiment, four neutral; 1-2 stars negative, 3-5 positive. */
    private static Dataset<Row> reviews(SparkSession spark, int n) {
        Random random = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean positive = i % 2 == 0;
            List<String> words = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                words.add(NEUTRAL.get(random.nextInt(NEUTRAL.size())));
            }
            List<String> sentiment = positive ? POSITIVE : NEGATIVE;
            words.add(random.nextInt(words.size() + 1), sentiment.get(random.nextInt(sentiment.size())));
            words.add(random.nextInt(words.size() + 1), sentiment.get(random.nextInt(sentiment.size())));
            int stars = positive ? 3 + random.nextInt(3) : 1 + random.nextInt(2);
            rows.add(RowFactory.create((long) i, String.join(" ", words), stars));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType).add("review", DataTypes.StringType)
                .add("stars", DataTypes.IntegerType);
        return spark.createDataFrame(rows, schema);
    }

    /** Six stores, 60 days each: a store's own level, a 12-day cycle and a little deterministic noise. */
    private static Dataset<Row> sales(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            for (int d = 0; d < 60; d++) {
                double units = 50 + 20 * s + 10 * Math.sin(2 * Math.PI * (d + s) / 12) + ((d * 7 + s * 3) % 5) * 0.5;
                rows.add(RowFactory.create("store-" + s, d, (long) Math.round(units)));
            }
        }
        StructType schema = new StructType().add("store", DataTypes.StringType).add("day", DataTypes.IntegerType)
                .add("units", DataTypes.LongType);
        return spark.createDataFrame(rows, schema);
    }

    /** Runs {@link MlScoreOnce} in a new JVM and returns its lines. */
    private static List<String> scoreInNewJvm(Path dir, String pipeline, Path warehouse, String table,
                                              String orderBy, String... columns) throws Exception {
        Path out = dir.resolve(table + "-new-jvm.txt");
        Path log = dir.resolve(table + "-new-jvm.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("jobs/java17.args").toAbsolutePath(), "-cp", System.getProperty("java.class.path"),
                MlScoreOnce.class.getName(), pipeline, warehouse.toString(), table, orderBy, out.toString()));
        command.addAll(Arrays.asList(columns));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the second JVM finished");
        assertEquals(0, p.exitValue(), Files.readString(log));
        return Files.readAllLines(out);
    }

    @Test
    void textClassifierInAPipelineFromACatalogTableReloadsInANewJvm(@TempDir Path dir) throws Exception {
        Path warehouse = dir.resolve("warehouse");
        SparkSession spark = session(warehouse);
        reviews(spark, 240).write().saveAsTable("reviews");
        Dataset<Row> table = spark.table("reviews");

        SQLTransformer label = new SQLTransformer().setStatement("SELECT *, CASE WHEN stars >= 3 THEN 'positive' "
                + "ELSE 'negative' END AS sentiment FROM __THIS__");
        TextClassifier classifier = new TextClassifier().setTextCol("review").setLabelCol("sentiment")
                .setIdCol("id").setUnits(8).setEmbeddingSize(8).setVocabSize(100).setMinCount(1).setMaxLength(12)
                .setEpochs(8).setBatchSize(16).setLearningRate(0.02).setWorkers(2).setAveragingFrequency(2)
                .setSeed(3);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[]{label, classifier});
        PipelineModel fitted = pipeline.fit(table);

        TextClassificationModel model = (TextClassificationModel) fitted.stages()[1];
        assertEquals(List.of("negative", "positive"), model.labels());
        assertArrayEquals(new int[]{8}, model.getUnits(), "the estimator's params carry over to the model");
        Scores.Classification test = model.summary().testScores(Scores.Classification.class);
        assertTrue(test.accuracy() >= 0.9, "summary: " + model.summary());

        Dataset<Row> scored = fitted.transform(table);
        assertEquals(List.of("id", "review", "stars", "sentiment", "prediction", "probability"),
                Arrays.asList(scored.columns()));
        List<Row> rows = scored.orderBy("id").collectAsList();
        assertEquals(240, rows.size(), "one output row per input row");
        long right = rows.stream().filter(r -> r.getString(3).equals(r.getString(4))).count();
        assertTrue(right >= 0.9 * rows.size(), right + " of 240 predicted right");
        Vector p = rows.get(0).getAs("probability");
        assertEquals(2, p.size());
        assertEquals(1.0, p.apply(0) + p.apply(1), 1e-5);

        String saved = dir.resolve("text-pipeline").toString();
        fitted.write().save(saved);
        List<String> here = MlScoreOnce.lines(scored, "id", "id", "prediction", "probability");
        assertSameScores(here, scoreInNewJvm(dir, saved, warehouse, "reviews", "id", "id", "prediction",
                "probability"));

        // The stage alone: its own save and load, and a clear error when a folder holds another kind of stage.
        String stage = dir.resolve("text-model").toString();
        model.write().save(stage);
        TextClassificationModel loaded = TextClassificationModel.load(stage);
        assertEquals(model.uid(), loaded.uid());
        assertSameScores(here, MlScoreOnce.lines(loaded.transform(label.transform(table)), "id", "id", "prediction",
                "probability"));
        assertEquals(model.summary().metrics(), loaded.summary().metrics());
        // The saved model folder carries the training run's provenance, as a run's model folder does.
        String provenance = Files.readString(dir.resolve("text-model/model/provenance.json"));
        assertTrue(provenance.contains("\"task\" : \"classification\"") && provenance.contains("\"dl4j\" : \"1.0.0-M2.1\""),
                provenance);
        assertEquals(provenance, loaded.bundle().provenance());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> SequenceForecastModel.load(stage));
        assertTrue(wrong.getMessage().contains(SequenceForecastModel.class.getName()), wrong.getMessage());

        // The unfitted pipeline and estimator persist their params.
        String estimator = dir.resolve("pipeline").toString();
        pipeline.write().save(estimator);
        TextClassifier reloaded = (TextClassifier) Pipeline.load(estimator).getStages()[1];
        assertEquals(8, reloaded.getEpochs());
        assertEquals("review", reloaded.getTextCol());
        assertEquals(classifier.uid(), reloaded.uid());

        // Schema checks come before any work, naming the param and the column.
        StructType schema = table.schema();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new TextClassifier().setTextCol("body").setLabelCol("stars").fit(table));
        assertTrue(missing.getMessage().startsWith("textCol = body: no such column (columns: id, review, stars"),
                missing.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> model.copy(new org.apache.spark.ml.param.ParamMap()).setTextCol("stars")
                        .transformSchema(schema));
        assertEquals("textCol = stars: expected a column of type string, found int", type.getMessage());
    }

    @Test
    void sequenceForecasterInAPipelineFromACatalogTableReloadsInANewJvm(@TempDir Path dir) throws Exception {
        Path warehouse = dir.resolve("warehouse");
        SparkSession spark = session(warehouse);
        sales(spark).write().saveAsTable("sales");
        Dataset<Row> table = spark.table("sales");

        SQLTransformer scale = new SQLTransformer().setStatement("SELECT store, day, units / 10.0 AS tens "
                + "FROM __THIS__");
        SequenceForecaster forecaster = new SequenceForecaster().setIdCol("store").setTimeCol("day")
                .setTargetCols("tens").setLookback(12).setHorizon(3).setUnits(8).setEpochs(3).setBatchSize(16)
                .setWorkers(2).setSeed(5);
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[]{scale, forecaster}).fit(table);
        SequenceForecastModel model = (SequenceForecastModel) fitted.stages()[1];
        assertTrue(model.summary().baselines() != null, "the forecast report: " + model.summary());

        Dataset<Row> forecasts = fitted.transform(table);
        assertEquals(List.of("store", "step", "tens_forecast", "reason"), Arrays.asList(forecasts.columns()));
        List<Row> rows = forecasts.collectAsList();
        assertEquals(18, rows.size(), "3 steps for each of 6 stores");
        for (Row r : rows) {
            double f = r.getDouble(2);
            assertTrue(f > 0 && f < 20, "forecast " + r + " is on the scale of the data (tens of units)");
            assertNull(r.get(3));
        }

        String saved = dir.resolve("forecast-pipeline").toString();
        fitted.write().save(saved);
        List<String> here = MlScoreOnce.lines(forecasts, "store, step", "store", "step", "tens_forecast");
        assertSameScores(here, scoreInNewJvm(dir, saved, warehouse, "sales", "store, step", "store", "step",
                "tens_forecast"));
    }

    @Test
    void sequenceClassifierOnStepRowsInAPipelineReloadsInANewJvm(@TempDir Path dir) throws Exception {
        Path warehouse = dir.resolve("warehouse");
        SparkSession spark = session(warehouse);
        ControlChartGenerator.generate(spark, new JobConfig.Generator(GeneratorName.CONTROL_CHART, 120, 20, 30, 7)).write()
                .saveAsTable("charts");
        Dataset<Row> table = spark.table("charts");

        SQLTransformer spread = new SQLTransformer().setStatement("SELECT *, x1 - x2 AS spread FROM __THIS__");
        SequenceClassifier classifier = new SequenceClassifier().setIdCol("series_id").setTimeCol("t")
                .setFeatureCols("x1", "x2", "spread").setLabelCol("label").setUnits(8).setEpochs(2)
                .setBatchSize(16).setWorkers(2).setSeed(9);
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[]{spread, classifier}).fit(table);
        SequenceClassificationModel model = (SequenceClassificationModel) fitted.stages()[1];
        assertEquals(6, model.labels().size());

        Dataset<Row> scored = fitted.transform(table);
        assertEquals(List.of("series_id", "label", "prediction", "probability"), Arrays.asList(scored.columns()));
        List<Row> rows = scored.collectAsList();
        assertEquals(120, rows.size(), "one row per sequence, not per step");
        for (Row r : rows) {
            Vector p = r.getAs("probability");
            assertEquals(6, p.size());
            assertEquals(1.0, Arrays.stream(p.toArray()).sum(), 1e-5);
            assertEquals(model.labels().get(p.argmax()), r.getString(2));
        }
        // Without the label column: the same predictions, no label column.
        Dataset<Row> unlabelled = fitted.transform(table.drop("label"));
        assertEquals(List.of("series_id", "prediction", "probability"), Arrays.asList(unlabelled.columns()));
        assertSameScores(MlScoreOnce.lines(scored, "series_id", "series_id", "prediction", "probability"),
                MlScoreOnce.lines(unlabelled, "series_id", "series_id", "prediction", "probability"));

        String saved = dir.resolve("sequence-pipeline").toString();
        fitted.write().save(saved);
        List<String> here = MlScoreOnce.lines(scored, "series_id", "series_id", "prediction", "probability");
        assertSameScores(here, scoreInNewJvm(dir, saved, warehouse, "charts", "series_id", "series_id", "prediction",
                "probability"));
    }

    /** Documents of random words from a small vocabulary, with a full stop and a line break now and then. */
    private static Dataset<Row> documents(SparkSession spark, int n, int length) {
        List<String> words = List.of("The", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", "and");
        Random random = new Random(17);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder text = new StringBuilder();
            while (text.length() < length) {
                text.append(words.get(random.nextInt(words.size()))).append(random.nextInt(6) == 0 ? ".\n" : " ");
            }
            rows.add(RowFactory.create((long) i, text.toString()));
        }
        return spark.createDataFrame(rows, new StructType().add("doc", DataTypes.LongType)
                .add("body", DataTypes.StringType));
    }

    @Test
    void languageModelerInAPipelineFromACatalogTableReloadsInANewJvm(@TempDir Path dir) throws Exception {
        Path warehouse = dir.resolve("warehouse");
        SparkSession spark = session(warehouse);
        Dataset<Row> docs = documents(spark, 6, 3_000);
        // Two short texts to score besides: one of the training words, one of characters it never saw.
        docs.union(spark.createDataFrame(List.of(RowFactory.create(100L, "the lazy dog and the quick fox"),
                        RowFactory.create(101L, "ZZZZ QQQQ ZZZZ QQQQ"), RowFactory.create(102L, "x")),
                docs.schema())).write().saveAsTable("docs");
        Dataset<Row> table = spark.table("docs");

        SQLTransformer select = new SQLTransformer().setStatement("SELECT doc, body AS text FROM __THIS__");
        LanguageModeler modeler = new LanguageModeler().setTextCol("text").setLowercase(false).setMinCount(1)
                .setMaxLength(40).setUnits(16).setEmbeddingSize(8).setEpochs(4).setBatchSize(16)
                .setLearningRate(0.01).setWorkers(2).setSeed(4).setTestFraction(0.1).setValidationFraction(0.1);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[]{select, modeler});
        PipelineModel fitted = pipeline.fit(table.where("doc < 100"));
        LanguageModel model = (LanguageModel) fitted.stages()[1];
        assertArrayEquals(new int[]{16}, model.getUnits(), "the estimator's params carry over to the model");
        assertEquals("language-model", model.summary().task());
        double loss = model.summary().testScores(Scores.LanguageModel.class).loss();
        Scores.LanguageModel unigram = model.summary().baseline("unigram", Scores.LanguageModel.class);
        assertTrue(loss < unigram.loss() - 0.3, "summary: " + model.summary());

        Dataset<Row> scored = fitted.transform(table);
        assertEquals(List.of("doc", "text", "loss"), Arrays.asList(scored.columns()));
        Map<Long, Row> byDoc = new java.util.HashMap<>();
        scored.collectAsList().forEach(r -> byDoc.put(r.getLong(0), r));
        assertEquals(9, byDoc.size(), "one output row per input row");
        double familiar = byDoc.get(100L).getDouble(2);
        double unseen = byDoc.get(101L).getDouble(2);
        assertTrue(familiar < unseen, "text of the training words " + familiar + " vs unseen characters " + unseen);
        assertTrue(byDoc.get(102L).isNullAt(2), "one character: nothing to predict");

        String saved = dir.resolve("lm-pipeline").toString();
        fitted.write().save(saved);
        List<String> here = MlScoreOnce.lines(scored, "doc", "doc", "loss");
        assertSameScores(here, scoreInNewJvm(dir, saved, warehouse, "docs", "doc", "doc", "loss"));

        // The stage alone: save, load, the same losses and the same sampled text; another kind is refused.
        String stage = dir.resolve("lm-model").toString();
        model.write().save(stage);
        LanguageModel loaded = LanguageModel.load(stage);
        assertEquals(model.uid(), loaded.uid());
        assertSameScores(here, MlScoreOnce.lines(loaded.transform(select.transform(table)), "doc", "doc", "loss"));
        assertEquals(model.summary().metrics(), loaded.summary().metrics());
        String sample = model.generate("the ", 50, 0.8, 7);
        assertTrue(sample.startsWith("the ") && sample.length() == 54, sample);
        assertEquals(sample, loaded.generate("the ", 50, 0.8, 7));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> TextClassificationModel.load(stage));
        assertTrue(wrong.getMessage().contains(LanguageModel.class.getName()), wrong.getMessage());

        String estimator = dir.resolve("lm-estimator").toString();
        pipeline.write().save(estimator);
        LanguageModeler reloaded = (LanguageModeler) Pipeline.load(estimator).getStages()[1];
        assertEquals(40, reloaded.getMaxLength());
        assertEquals("text", reloaded.getTextCol());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new LanguageModeler().setTextCol("body").fit(table.select("doc")));
        assertTrue(missing.getMessage().startsWith("textCol = body: no such column"), missing.getMessage());
    }

    /**
     * The same documents with the same losses up to float rounding: a loss sums the log of every character's
     * float probability over thousands of characters, and the fitted and the reloaded model were seen to differ in
     * the ninth significant digit (cause not pinned down; the text classifier's single softmax compares exactly).
     */
    /**
     * The same rows, labels and ids exactly and scores to float rounding (1e-6): the fused kernels' Vector API
     * {@code EXP}/{@code TANH} give results a unit in the last place apart before and after the JIT compiles them,
     * so two scoring passes (in one JVM or two) agree to float precision, not bit for bit.
     */
    private static void assertSameScores(List<String> expected, List<String> actual) {
        assertEquals(expected.size(), actual.size(), actual.toString());
        for (int i = 0; i < expected.size(); i++) {
            String[] e = expected.get(i).split("\t");
            String[] a = actual.get(i).split("\t");
            assertEquals(e.length, a.length, expected.get(i) + " vs " + actual.get(i));
            for (int f = 0; f < e.length; f++) {
                boolean vector = e[f].startsWith("[") && e[f].endsWith("]");
                String[] ev = vector ? e[f].substring(1, e[f].length() - 1).split(",") : new String[]{e[f]};
                String[] av = a[f].startsWith("[") && a[f].endsWith("]")
                        ? a[f].substring(1, a[f].length() - 1).split(",") : new String[]{a[f]};
                assertEquals(ev.length, av.length, expected.get(i) + " vs " + actual.get(i));
                for (int k = 0; k < ev.length; k++) {
                    if (isNumber(ev[k]) && isNumber(av[k])) {
                        assertEquals(Double.parseDouble(ev[k]), Double.parseDouble(av[k]), 1e-6,
                                expected.get(i) + " vs " + actual.get(i));
                    } else {
                        assertEquals(ev[k], av[k], expected.get(i) + " vs " + actual.get(i));
                    }
                }
            }
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return !s.equals("NaN") && !s.isBlank();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
