package io.seqspark.tasks.forecasting;

import io.seqspark.config.JobConfig;
import io.seqspark.models.NetworkBroadcast;
import io.seqspark.vectorize.Chunks;
import io.seqspark.vectorize.Covariates;
import io.seqspark.vectorize.ForecastBatches;
import io.seqspark.vectorize.ForecastWindow;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.Quantiles;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A saved forecaster applied to the end of every series on the executors: predict's rows, and
 * {@code io.seqspark.ml.SequenceForecastModel}'s transform.
 */
public final class ForecastScoring {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastScoring.class);
    private static final int BATCH = 256;

    private ForecastScoring() {
    }

    /**
     * The forecast rows of every series: id (or series), step (1..horizon), one {@code <target>_forecast} column
     * per target (an ensemble's mean; with model.quantiles, the median), with model.quantiles one
     * {@code <target>_q<level>} column per target and level, and reason (null, or why a series has no forecast:
     * one row with null step and forecasts for a series shorter than the lookback).
     *
     * @param sequences every series; with lead features each ends with its forecast steps
     *                  ({@code Covariates.predictSequences})
     * @param members   the model's networks (one, or an ensemble's members)
     */
    public static Dataset<Row> forecasts(SparkSession spark, JavaRDD<LabeledSequence> sequences,
                                         Preprocessing.Forecasting prep,
                                         List<NetworkBroadcast> members, JobConfig.SequenceSpec spec) {
        JobConfig.ForecastSpec f = prep.forecast();
        List<Double> levels = f.quantileLevels();
        int values = f.targets() * (1 + levels.size()); // point forecasts, then quantiles
        sequences = sequences.persist(StorageLevel.MEMORY_AND_DISK()); // counted below, then scored
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

    private static List<Row> forecastRows(List<MultiLayerNetwork> nets, List<ForecastWindow> batch,
                                          Preprocessing.Forecasting prep,
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
}
