package io.seqspark.ml;

import io.seqspark.config.JobConfig;
import io.seqspark.models.ModelBundle;
import io.seqspark.models.NetworkBroadcast;
import io.seqspark.report.RunReport;
import io.seqspark.tasks.Tasks;
import io.seqspark.tasks.forecasting.ForecastScoring;
import io.seqspark.vectorize.Covariates;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.Quantiles;
import io.seqspark.vectorize.SequenceAssembler;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/**
 * A fitted {@link SequenceForecaster}. {@link #transform} takes step rows as in fit and returns forecast rows, not
 * the input rows: for every series the next {@code horizon} steps after its last row (its last {@code lookback}
 * steps are the input), as {@code seqspark predict} writes them: the id column ({@code idCol}, or {@code series}),
 * {@code step} (1..horizon), one {@code <target>_forecast} column per target column (double, original scale) and
 * {@code reason} (null, or why a series has no forecast: one row with null step and forecasts for a series shorter
 * than the lookback). {@code predictionCol} is not used.
 */
public final class SequenceForecastModel extends SeqSparkModel<SequenceForecastModel>
        implements SequenceForecasterParams {

    public SequenceForecastModel(String uid, ModelBundle bundle, RunReport summary) {
        super(uid, bundle, summary);
    }

    @Override
    protected SequenceForecastModel newModel(String uid, ModelBundle bundle, RunReport summary) {
        return new SequenceForecastModel(uid, bundle, summary);
    }

    /** Checks the step-row columns and returns the schema of the forecast rows. */
    /**
     * @param levels the quantile levels forecast (the model's own, or the estimator's quantiles param)
     * @throws IllegalArgumentException a column param unset, missing or not numeric
     */
    static StructType outputSchema(SequenceForecasterParams p, StructType schema, double[] levels) {
        String id = p.isDefined(p.idCol()) ? (String) p.getOrDefault(p.idCol()) : null;
        if (id != null) {
            Schemas.require(schema, "idCol", id, null);
        }
        Schemas.require(schema, "timeCol", p.isDefined(p.timeCol()) ? (String) p.getOrDefault(p.timeCol()) : null,
                null);
        String[] targets = p.isDefined(p.targetCols()) ? p.getTargetCols() : new String[0];
        if (targets.length == 0) {
            throw new IllegalArgumentException("targetCols is empty; it names the numeric columns to forecast");
        }
        for (String t : targets) {
            Schemas.requireNumeric(schema, "targetCols", t);
        }
        for (org.apache.spark.ml.param.StringArrayParam cols : List.of(p.featureCols(), p.futureCols(),
                p.staticCols())) {
            for (String f : p.isDefined(cols) ? (String[]) p.getOrDefault(cols) : new String[0]) {
                Schemas.requireNumeric(schema, cols.name(), f);
            }
        }
        StructType out = new StructType().add(id == null ? SequenceAssembler.SINGLE_SERIES : id,
                DataTypes.StringType).add("step", DataTypes.IntegerType);
        for (String t : targets) {
            out = out.add(t + "_forecast", DataTypes.DoubleType);
        }
        for (String t : targets) {
            for (double level : levels) {
                out = out.add(Quantiles.column(t, level), DataTypes.DoubleType);
            }
        }
        return out.add("reason", DataTypes.StringType);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        List<Double> levels = bundle().preprocessing(Preprocessing.Forecasting.class).forecast().quantileLevels();
        return outputSchema(this, schema, levels.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Preprocessing.Forecasting prep = bundle().preprocessing(Preprocessing.Forecasting.class);
        JobConfig.SequenceSpec spec = prep.sequence();
        Dataset<Row> rows = dataset.toDF();
        JavaRDD<LabeledSequence> series = Covariates.predictSequences(rows, spec, prep.forecast(),
                "the DataFrame given to SequenceForecastModel.transform");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
        return ForecastScoring.forecasts(rows.sparkSession(), series, prep, bundle().members().stream()
                .map(n -> NetworkBroadcast.of(jsc, n)).toList(),
                spec);
    }

    public static MLReader<SequenceForecastModel> read() {
        return new Reader<>(SequenceForecastModel.class, SequenceForecastModel::new, Tasks.FORECASTING);
    }

    public static SequenceForecastModel load(String path) {
        return read().load(path);
    }
}
