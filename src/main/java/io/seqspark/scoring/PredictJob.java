package io.seqspark.scoring;

import io.seqspark.models.NetworkBroadcast;
import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.models.ModelBundle;
import io.seqspark.runtime.SparkSessions;
import io.seqspark.sources.DataSources;
import io.seqspark.storage.Storage;
import io.seqspark.vectorize.Chunks;
import io.seqspark.vectorize.Covariates;
import io.seqspark.vectorize.FeatureScaler;
import io.seqspark.vectorize.ForecastBatches;
import io.seqspark.vectorize.ForecastWindow;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.MinibatchBuilder;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.Quantiles;
import io.seqspark.vectorize.TargetTransform;
import io.seqspark.vectorize.SequenceAssembler;
import io.seqspark.vectorize.text.TextExamples;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

import static io.seqspark.sources.Columns.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Batch scoring: a saved model applied to new rows on the executors, with the preprocessing saved at training
 * time (columns, scalers, label index, window spec). Writes Parquet atomically (a hidden temporary folder renamed
 * into place), never over an existing output.
 *
 * <p>Classification: one row per sequence with the id, the actual label when the input has the label column,
 * the predicted label and the class probabilities. Forecasting: the next {@code horizon} steps after the end of
 * every series (its last {@code lookback} steps are the input): id, step (1..horizon), one
 * {@code <target>_forecast} column per target (with model.quantiles, the median), then with model.quantiles one
 * {@code <target>_q<level>} column per target and level (e.g. {@code Temp_q0.1}; the dot means Spark SQL needs the
 * name in backticks), and {@code reason}: null, or why a series has no forecast (one row with null step and
 * forecasts, for a series shorter than the lookback). A model with known-future or calendar covariates reads the
 * forecast steps from each series' rows after its last target value ({@code Covariates.predictSequences}).
 */
public final class PredictJob {
    private static final Logger LOG = LoggerFactory.getLogger(PredictJob.class);
    private static final int BATCH = 256;

    private PredictJob() {
    }

    /**
     * @param config the model's saved configuration (model/config.conf) with the command's overrides; its
     *               data section says how to read {@code input}
     * @return the number of rows written
     */
    public static long run(JobConfig config, String modelDir, String input, String output) throws IOException {
        Path out = new Path(output);
        FileSystem fs = Storage.fileSystem(out);
        out = fs.makeQualified(out);
        if (out.getParent() == null) {
            throw new UserError("--output " + output + ": expected a new folder to write into, not the root of a "
                    + "file system");
        }
        if (fs.exists(out)) {
            throw new UserError("--output " + output + ": already exists; predict never overwrites (choose a new "
                    + "path, e.g. one per run date)");
        }
        ModelBundle model = ModelBundle.load(modelDir);
        if (!model.task().equals(config.task())) {
            throw new UserError("task = " + config.task() + ", but --model " + modelDir + " is a " + model.task()
                    + " model" + (JobConfig.LANGUAGE_MODEL.equals(model.task())
                    ? " (it writes text, it does not score rows; use generate)" : ""));
        }
        SparkSession spark = SparkSessions.start(config);
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Preprocessing prep = model.preprocessing();
            NetworkBroadcast network = NetworkBroadcast.of(jsc, model.network());
            Dataset<Row> predictions;
            if (prep.textual()) {
                TextInput text = TextInput.read(spark, jsc, config.data(), prep, input);
                predictions = withInvalid(classes(spark, text.sequences(), prep, network, text.idColumn(), true),
                        text);
            } else {
                Dataset<Row> rows = DataSources.read(spark, config.data(), "--input", input);
                JobConfig.SequenceSpec spec = prep.sequence();
                boolean labelled = spec.labelColumn() != null
                        && Arrays.asList(rows.columns()).contains(spec.labelColumn());
                if (!labelled && spec.labelColumn() != null) {
                    spec = spec.unlabelled();
                }
                JavaRDD<LabeledSequence> sequences = prep.forecast() != null
                        ? Covariates.predictSequences(rows, spec, prep.forecast(), input)
                        : SequenceAssembler.toSequences(SequenceAssembler.assemble(rows, spec, input));
                if (prep.forecast() != null) {
                    TargetTransform.requirePositive(rows, prep.forecast().targetColumns(),
                            prep.seriesScalers().transform().kind(), input);
                }
                predictions = prep.forecast() != null ? forecasts(spark, jsc, sequences, prep, model, spec)
                        : classes(spark, sequences, prep, network,
                        spec.idColumn() == null ? "id" : spec.idColumn(), spec.labelColumn() != null);
            }

            Path tmp = new Path(out.getParent(), "." + out.getName() + ".inprogress-" + UUID.randomUUID());
            long n;
            boolean renamed = false;
            try {
                predictions.write().parquet(tmp.toString());
                n = spark.read().parquet(tmp.toString()).count();
                renamed = Storage.renameNoReplace(fs, tmp, out);
                if (!renamed) {
                    if (fs.exists(out)) {
                        throw new UserError("--output " + output + ": appeared while predict was running (another "
                                + "job writing there?); it was left as it is and nothing was written");
                    }
                    throw new IOException("cannot rename the finished predictions to " + out);
                }
            } finally {
                if (!renamed) {
                    fs.delete(tmp, true); // a failed write leaves nothing behind
                }
            }
            network.destroy();
            LOG.info("Wrote {} prediction rows to {}", n, out);
            return n;
        } finally {
            spark.stop();
        }
    }

    /**
     * @param id       the name of the id column written
     * @param labelled the input has labels: they are written beside the predictions as {@code actual}
     */
    private static Dataset<Row> classes(SparkSession spark, JavaRDD<LabeledSequence> sequences, Preprocessing prep,
                                        NetworkBroadcast network, String id, boolean labelled) {
        List<String> labels = prep.labels().labels();
        // Token ids go into the embedding unscaled.
        FeatureScaler scaler = prep.scaler() != null ? prep.scaler() : FeatureScaler.fit("none", null, 1);
        JavaRDD<Row> rows = sequences.mapPartitions(it -> batches(it, network, (net, batch) -> {
            // Scored without labels: an actual label the model never saw is written, not an error.
            DataSet ds = MinibatchBuilder.toDataSet(batch.stream()
                    .map(s -> new LabeledSequence(s.id(), null, s.steps())).toList(), prep.labels(), scaler);
            INDArray p = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null);
            List<Row> out = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                double[] probabilities = p.getRow(i).toDoubleVector();
                int best = 0;
                for (int c = 1; c < probabilities.length; c++) {
                    best = probabilities[c] > probabilities[best] ? c : best;
                }
                out.add(RowFactory.create(batch.get(i).id(), batch.get(i).label(), labels.get(best),
                        probabilities[best], probabilities));
            }
            return out;
        }));
        StructType schema = new StructType().add(id, DataTypes.StringType)
                .add("actual", DataTypes.StringType).add("predicted", DataTypes.StringType)
                .add("probability", DataTypes.DoubleType)
                .add("probabilities", DataTypes.createArrayType(DataTypes.DoubleType));
        Dataset<Row> df = spark.createDataFrame(rows, schema);
        return labelled ? df : df.drop("actual");
    }

    /**
     * The scored texts and, with null predictions, the texts that could not be scored: one row per input row, with
     * the reason in {@link TextInput#REASON} (null for scored texts).
     */
    private static Dataset<Row> withInvalid(Dataset<Row> scored, TextInput text) {
        Dataset<Row> invalid = text.invalid().select(col(TextExamples.ID).as(text.idColumn()),
                col(TextExamples.LABEL).as("actual"), lit(null).cast(DataTypes.StringType).as("predicted"),
                lit(null).cast(DataTypes.DoubleType).as("probability"),
                lit(null).cast(DataTypes.createArrayType(DataTypes.DoubleType)).as("probabilities"),
                col(TextInput.REASON));
        Dataset<Row> all = scored.withColumn(TextInput.REASON, lit(null).cast(DataTypes.StringType))
                .unionByName(invalid);
        return text.labelled() ? all : all.drop("actual");
    }

    /** Forecasts of the model (the mean of an ensemble's members), through the saved transform and scalers. */
    private static Dataset<Row> forecasts(SparkSession spark, JavaSparkContext jsc, JavaRDD<LabeledSequence> sequences,
                                          Preprocessing prep, ModelBundle model, JobConfig.SequenceSpec spec) {
        List<NetworkBroadcast> members = new ArrayList<>();
        for (MultiLayerNetwork n : model.members()) {
            members.add(NetworkBroadcast.of(jsc, n));
        }
        return forecasts(spark, sequences, prep, members, spec);
    }

    /**
     * The forecast rows of every series, as predict writes them (also {@code io.seqspark.ml.SequenceForecastModel}'s
     * transform): id (or series), step, one {@code <target>_forecast} column per target (an ensemble's mean), with
     * model.quantiles one {@code <target>_q<level>} column per target and level, and reason.
     *
     * @param members the model's networks (one, or an ensemble's members)
     */
    public static Dataset<Row> forecasts(SparkSession spark, JavaRDD<LabeledSequence> sequences, Preprocessing prep,
                                         List<NetworkBroadcast> members, JobConfig.SequenceSpec spec) {
        JobConfig.ForecastSpec f = prep.forecast();
        List<Double> levels = f.quantileLevels();
        int values = f.targets() * (1 + levels.size()); // point forecasts, then quantiles
        sequences = sequences.persist(StorageLevel.MEMORY_AND_DISK()); // counted below, then scored
        // With lead features each series ends with its forecast steps (Covariates.predictSequences).
        int ahead = Covariates.leads(f) ? f.horizon() : 0;
        JavaRDD<ForecastWindow> windows = sequences.filter(s -> s.length() - ahead >= f.lookback())
                .map(s -> new ForecastWindow(s.id(), "predict", s.length() - ahead,
                        Covariates.inputs(s.steps(), s.length() - ahead, f.lookback(), f), null));
        JavaRDD<Row> rows = windows.mapPartitions(it -> {
            if (!it.hasNext()) {
                return Collections.emptyIterator();
            }
            List<MultiLayerNetwork> nets = new ArrayList<>();
            for (NetworkBroadcast b : members) {
                nets.add(b.restore());
            }
            return Chunks.flatMap(it, BATCH, batch -> forecastRows(nets, batch, prep, f));
        });
        // A series too short for the model's input still gets a row: no forecast, and why.
        JavaRDD<LabeledSequence> tooShort = sequences.filter(s -> s.length() - ahead < f.lookback());
        JavaRDD<Row> unforecast = tooShort.map(s -> {
            Object[] row = new Object[3 + values];
            row[0] = s.id();
            row[2 + values] = "series has " + Math.max(0, s.length() - ahead) + " step(s); the model needs the last "
                    + f.lookback() + " (sequence.window.lookback)";
            return RowFactory.create(row);
        });
        long n = tooShort.count();
        if (n > 0) {
            LOG.warn("{} series too short to forecast (fewer than sequence.window.lookback = {} steps), written "
                    + "with a null forecast and a reason, e.g. {}", n, f.lookback(),
                    String.join(", ", tooShort.map(LabeledSequence::id).takeOrdered(5)));
        }
        StructType schema = new StructType().add(spec.idColumn() == null ? "series" : spec.idColumn(),
                DataTypes.StringType).add("step", DataTypes.IntegerType);
        for (String t : f.targetColumns()) {
            schema = schema.add(t + "_forecast", DataTypes.DoubleType);
        }
        for (String t : f.targetColumns()) {
            for (double level : levels) {
                schema = schema.add(Quantiles.column(t, level), DataTypes.DoubleType);
            }
        }
        schema = schema.add("reason", DataTypes.StringType);
        return spark.createDataFrame(rows.union(unforecast), schema);
    }

    private static List<Row> forecastRows(List<MultiLayerNetwork> nets, List<ForecastWindow> batch, Preprocessing prep,
                                          JobConfig.ForecastSpec f) {
        List<Double> levels = f.quantileLevels();
        int values = f.targets() * (1 + levels.size()); // point forecasts, then quantiles
        float[][][] outputs = ForecastBatches.outputs(nets, batch, prep.seriesScalers(), f);
        float[][][][] forecasts = ForecastBatches.forecasts(outputs, batch, prep.seriesScalers(), f);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            float[][] point = ForecastBatches.mean(forecasts, i);
            float[][][] quantiles = levels.isEmpty() ? null
                    : ForecastBatches.meanQuantiles(outputs, i, batch.get(i), prep.seriesScalers(), f);
            for (int k = 0; k < f.horizon(); k++) {
                Object[] row = new Object[3 + values];
                row[0] = batch.get(i).series();
                row[1] = k + 1;
                for (int j = 0; j < f.targets(); j++) {
                    row[2 + j] = (double) point[k][j];
                    for (int l = 0; l < levels.size(); l++) {
                        row[2 + f.targets() + j * levels.size() + l] = (double) quantiles[k][j][l];
                    }
                }
                out.add(RowFactory.create(row));
            }
        }
        return out;
    }

    /**
     * Scores a partition in batches of {@link #BATCH}, lazily (one batch of rows in memory at a time), restoring the
     * network once per non-empty partition.
     */
    private static <T> Iterator<Row> batches(Iterator<T> it, NetworkBroadcast network, BatchScorer<T> scorer) {
        if (!it.hasNext()) {
            return Collections.emptyIterator();
        }
        MultiLayerNetwork net = network.restore();
        return Chunks.flatMap(it, BATCH, batch -> scorer.score(net, batch));
    }

    @FunctionalInterface
    private interface BatchScorer<T> extends java.io.Serializable {
        List<Row> score(MultiLayerNetwork net, List<T> batch);
    }
}
