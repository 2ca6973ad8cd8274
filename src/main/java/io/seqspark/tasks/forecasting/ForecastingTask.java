package io.seqspark.tasks.forecasting;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.config.TaskType;
import io.seqspark.evaluation.ForecastEvaluator;
import io.seqspark.models.ModelBundle;
import io.seqspark.models.NetworkBroadcast;
import io.seqspark.report.DataCounts;
import io.seqspark.report.ModelSummary;
import io.seqspark.report.RunReport;
import io.seqspark.report.Scores;
import io.seqspark.sources.DataSources;
import io.seqspark.storage.RunWriter;
import io.seqspark.tasks.Task;
import io.seqspark.training.Checkpoints;
import io.seqspark.vectorize.Covariates;
import io.seqspark.vectorize.ForecastWindow;
import io.seqspark.vectorize.ForecastWindows;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.SequenceAssembler;
import io.seqspark.vectorize.Splitter;
import io.seqspark.vectorize.TargetTransform;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * task = forecasting: the next horizon steps of every series from its last lookback steps (see
 * {@link ForecastTraining}). evaluate scores the test period (the last split.test) of every series against the
 * naive, seasonal-naive and exponential-smoothing baselines; predict forecasts after the end of every series
 * ({@link ForecastScoring}).
 */
public final class ForecastingTask implements Task {
    private static final int BATCH = 256;

    @Override
    public TaskType taskKey() {
        return TaskType.FORECAST;
    }

    @Override
    public String modelKind() {
        return "forecast";
    }

    @Override
    public RunReport train(SparkSession spark, JobConfig config, RunWriter run, Checkpoints checkpoints)
            throws IOException {
        return ForecastTraining.run(spark, config, run, checkpoints);
    }

    @Override
    public RunReport.Evaluation evaluate(SparkSession spark, JobConfig config, ModelBundle model) {
        Preprocessing.Forecasting prep = model.preprocessing(Preprocessing.Forecasting.class);
        boolean separateTest = config.data().testPath() != null;
        String source = separateTest ? config.data().testPath() : config.data().source();
        Dataset<Row> rows = separateTest ? DataSources.test(spark, config.data())
                : DataSources.main(spark, config.data());
        JavaRDD<LabeledSequence> sequences = SequenceAssembler.toSequences(
                Covariates.assemble(rows, prep.sequence(), prep.forecast(), source))
                .persist(StorageLevel.MEMORY_AND_DISK());
        TargetTransform.requirePositive(rows, prep.forecast().targetColumns(),
                prep.seriesScalers().transform().kind(), source);
        JavaRDD<ForecastWindow> test = ForecastWindows.windows(sequences, prep.forecast(), config.split())
                .filter(w -> w.part().equals(Splitter.TEST)).persist(StorageLevel.MEMORY_AND_DISK());
        long n = test.count();
        if (n == 0) {
            throw new UserError("no test windows in " + source + " for the model's window spec");
        }
        ForecastEvaluator.Result scores = ForecastEvaluator.evaluate(
                JavaSparkContext.fromSparkContext(spark.sparkContext()), model.members(), test,
                prep.seriesScalers(), prep.forecast(), BATCH, ForecastEvaluator.plottedSeriesOf(test));
        DataCounts data = DataCounts.evaluated(n).withSeries(sequences.count(), ForecastWindows.skipped(sequences,
                prep.forecast(), config.split(), Splitter.TEST, source), null);
        return new RunReport.Evaluation(data, ModelSummary.ofParameters(model.network().numParams()),
                scores.metrics(), scores.baselines(prep.forecast().season()));
    }

    @Override
    public Dataset<Row> predict(SparkSession spark, JobConfig config, ModelBundle model, String input) {
        Dataset<Row> rows = DataSources.read(spark, config.data(), "--input", input);
        Preprocessing.Forecasting prep = model.preprocessing(Preprocessing.Forecasting.class);
        JobConfig.SequenceSpec spec = prep.sequence();
        if (spec.labelColumn() != null && !Arrays.asList(rows.columns()).contains(spec.labelColumn())) {
            spec = spec.unlabelled();
        }
        JavaRDD<LabeledSequence> sequences = Covariates.predictSequences(rows, spec, prep.forecast(), input);
        TargetTransform.requirePositive(rows, prep.forecast().targetColumns(),
                prep.seriesScalers().transform().kind(), input);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<NetworkBroadcast> members = new ArrayList<>();
        for (MultiLayerNetwork n : model.members()) {
            members.add(NetworkBroadcast.of(jsc, n));
        }
        return ForecastScoring.forecasts(spark, sequences, prep, members, spec);
    }

    /** The test RMSE and MAE, then one line per baseline. */
    @Override
    public String trainSummary(RunReport report) {
        Scores.Forecast test = report.testScores(Scores.Forecast.class);
        StringBuilder out = new StringBuilder(String.format("Test RMSE: %.4f, MAE: %.4f", test.rmse(), test.mae()));
        for (String name : report.baselines().keySet()) {
            Scores.Forecast b = report.baseline(name, Scores.Forecast.class);
            out.append(String.format("%n  baseline %s: RMSE %.4f, MAE %.4f", name, b.rmse(), b.mae()));
        }
        return out.toString();
    }

    @Override
    public String evaluateSummary(RunReport report) {
        Scores.Forecast test = report.testScores(Scores.Forecast.class);
        return String.format("RMSE: %.4f, MAE: %.4f", test.rmse(), test.mae());
    }
}
