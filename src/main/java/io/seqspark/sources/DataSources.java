package io.seqspark.sources;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.storage.Storage;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.Map;

/** Loads the job's input into a DataFrame with Spark's own readers, from any Hadoop FS URI or glob. */
public final class DataSources {
    public static final String CONTROL_CHART = "control-chart";
    public static final String SEASONAL_SERIES = "seasonal-series";

    private DataSources() {
    }

    /** The training data (all of it when no separate test set is configured). */
    public static Dataset<Row> main(SparkSession spark, JobConfig.Data data) {
        if (data.generated()) {
            return data.generator().name().equals(SEASONAL_SERIES)
                    ? SeasonalSeriesGenerator.generate(spark, data.generator())
                    : ControlChartGenerator.generate(spark, data.generator());
        }
        if (data.format().equals("idx")) {
            return IdxSource.read(spark, "data.path", data.path(), "data.labels-path", data.labelsPath());
        }
        return read(spark, data, "data.path", data.path());
    }

    /** The separate test set (data.test-path). */
    public static Dataset<Row> test(SparkSession spark, JobConfig.Data data) {
        if (data.format().equals("idx")) {
            return IdxSource.read(spark, "data.test-path", data.testPath(), "data.test-labels-path",
                    data.testLabelsPath());
        }
        return read(spark, data, "data.test-path", data.testPath());
    }

    /** @param key the config key that named {@code path}, for error messages */
    public static Dataset<Row> read(SparkSession spark, JobConfig.Data data, String key, String path) {
        requireMatches(key, path);
        DataFrameReader reader = spark.read();
        String format = data.format();
        if (format.equals("csv") || format.equals("tsv")) {
            reader = reader.option("header", "true").option("inferSchema", "true");
            if (format.equals("tsv")) {
                reader = reader.option("sep", "\t");
            }
            format = "csv";
        }
        for (Map.Entry<String, String> o : data.options().entrySet()) {
            reader = reader.option(o.getKey(), o.getValue());
        }
        try {
            return reader.format(format).load(path);
        } catch (Exception e) {
            if (e instanceof AnalysisException || e.getCause() instanceof IOException) {
                throw new UserError(key + " = " + path + ": cannot read it as " + data.format() + " ("
                        + firstLine(e.getMessage()) + ")", e);
            }
            throw e;
        }
    }

    private static void requireMatches(String key, String path) {
        try {
            Path p = new Path(path);
            FileStatus[] matches = Storage.fileSystem(p).globStatus(p);
            if (matches == null || matches.length == 0) {
                throw new UserError(key + " = " + path + ": no such file or folder");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError(key + " = " + path + ": cannot access it (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no details";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
