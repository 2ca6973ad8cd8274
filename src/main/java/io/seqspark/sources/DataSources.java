package io.seqspark.sources;

import io.seqspark.UserError;
import io.seqspark.config.ConfigLoader;
import io.seqspark.config.GeneratorName;
import io.seqspark.config.JobConfig;
import io.seqspark.storage.Storage;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkClassNotFoundException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.seqspark.sources.Columns.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

/** Loads the job's input into a DataFrame with Spark's own readers, from any Hadoop FS URI or glob. */
public final class DataSources {
    /** Formats that decode bytes as text, so text.encoding applies. */
    private static final java.util.Set<String> TEXT_FORMATS = java.util.Set.of("csv", "tsv", "json", "text");

    private DataSources() {
    }

    /** The training data (all of it when no separate test set is configured). */
    public static Dataset<Row> main(SparkSession spark, JobConfig.Data data) {
        // data.columns, data.where and data.sample apply to every format, generated and IDX data included.
        if (data.generated()) {
            Dataset<Row> rows = data.generator().name() == GeneratorName.SEASONAL_SERIES
                    ? SeasonalSeriesGenerator.generate(spark, data.generator())
                    : ControlChartGenerator.generate(spark, data.generator());
            return balance(select(rows, data.selection(), data.source()), data.selection(), data.source());
        }
        if (data.format().equals("idx")) {
            return balance(select(IdxSource.read(spark, "data.path", data.path(), "data.labels-path",
                    data.labelsPath()), data.selection(), data.path()), data.selection(), data.path());
        }
        return balance(read(spark, data, data.mainKey(), data.mainName()), data.selection(), data.source());
    }

    /** The separate test set (data.test-path): data.columns and data.where apply, data.sample does not. */
    public static Dataset<Row> test(SparkSession spark, JobConfig.Data data) {
        if (data.format().equals("idx")) {
            return select(IdxSource.read(spark, "data.test-path", data.testPath(), "data.test-labels-path",
                    data.testLabelsPath()), data.selection(), data.testPath());
        }
        return read(spark, data, "data.test-path", data.testPath());
    }

    /**
     * @param key  the config key that named {@code path}, for error messages
     * @param path a file, folder or glob; for data.format = table the table's name; for other Spark sources
     *             (jdbc, ...) null when the source takes none
     */
    public static Dataset<Row> read(SparkSession spark, JobConfig.Data data, String key, String path) {
        String format = data.format();
        if (format.equals(JobConfig.Data.TABLE)) {
            return select(table(spark, data.options(), key, path), data.selection(), "table " + path);
        }
        if (ConfigLoader.FILE_FORMATS.contains(format)) {
            requireMatches(key, path);
        }
        DataFrameReader reader = spark.read();
        if (format.equals("csv") || format.equals("tsv")) {
            // RFC 4180 quoting: a quote inside a quoted field is doubled (Spark's default escape is a backslash,
            // which misreads "" before a delimiter or line break).
            reader = reader.option("header", "true").option("inferSchema", "true").option("escape", "\"");
            if (format.equals("tsv")) {
                reader = reader.option("sep", "\t");
            }
            format = "csv";
        }
        for (Map.Entry<String, String> o : data.options().entrySet()) {
            reader = reader.option(o.getKey(), isCharsetOption(o.getKey())
                    ? charset("data.options." + o.getKey(), o.getValue()) : o.getValue());
        }
        Dataset<Row> rows;
        try {
            rows = path == null ? reader.format(format).load() : reader.format(format).load(path);
            if (format.equals("csv")) {
                rows = timesAsText(reader, rows, path);
            }
        } catch (Exception e) {
            if (e instanceof AnalysisException || e.getCause() instanceof IOException
                    || e instanceof SparkClassNotFoundException) {
                throw new UserError((path == null ? "data.format = " + format : key + " = " + path)
                        + ": cannot read it as " + data.format() + " (" + firstLine(e.getMessage()) + ")", e);
            }
            throw e;
        }
        return select(rows, data.selection(), path == null ? data.format() + " data" : path);
    }

    /**
     * A table or view of the session's catalog (data.format = table), or exit 2 naming it: missing, or not a table
     * name. The read is lazy; Spark's analyzer resolves the name here.
     */
    static Dataset<Row> table(SparkSession spark, Map<String, String> options, String key, String name) {
        try {
            return spark.read().options(options).table(name);
        } catch (Exception thrown) {
            // Scala declares no checked exceptions: the analyzer's errors arrive unannounced.
            if (!(thrown instanceof AnalysisException e)) {
                throw thrown instanceof RuntimeException r ? r : new IllegalStateException(thrown);
            }
            if (e instanceof org.apache.spark.sql.catalyst.parser.ParseException) {
                throw new UserError(key + " = " + name + ": not a table name; expected name, db.name or "
                        + "catalog.db.name (quote parts with backticks)", e);
            }
            if ("TABLE_OR_VIEW_NOT_FOUND".equals(e.getErrorClass())) {
                throw new UserError(key + " = " + name + ": no such table or view in Spark's catalog (current "
                        + "database " + spark.catalog().currentDatabase() + "; spark.sql.catalogImplementation = "
                        + spark.conf().get("spark.sql.catalogImplementation", "in-memory") + ")", e);
            }
            throw new UserError(key + " = " + name + ": cannot read the table (" + firstLine(e.getMessage()) + ")",
                    e);
        }
    }

    /**
     * Reader options for texts (text classification training, evaluate, predict): the user's data.options, with
     * text.encoding unless they name a charset, and for csv/tsv quoted fields that span lines (multiLine), since
     * texts often hold line breaks. A file is then read by one task instead of in parallel splits.
     */
    public static Map<String, String> textOptions(String format, Map<String, String> user, String encoding) {
        Map<String, String> options = new LinkedHashMap<>(user);
        if (!TEXT_FORMATS.contains(format)) {
            return options; // parquet, tables and other sources carry their own types and charsets
        }
        if (options.keySet().stream().noneMatch(DataSources::isCharsetOption)) {
            options.put("encoding", Charsets.canonical(encoding));
        }
        if ((format.equals("csv") || format.equals("tsv"))
                && options.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("multiLine"))) {
            options.put("multiLine", "true");
        }
        return options;
    }

    private static boolean isCharsetOption(String key) {
        return key.equalsIgnoreCase("encoding") || key.equalsIgnoreCase("charset");
    }

    /** A charset option's value as the code page it means (see {@link Charsets}), or exit 2 naming the key. */
    private static String charset(String key, String name) {
        try {
            return Charsets.canonical(name);
        } catch (IllegalArgumentException e) {
            throw new UserError(key + " = " + name + ": unknown charset; expected a name such as UTF-8, "
                    + "windows-1252, EUC-KR, CP949, Shift_JIS or GBK", e);
        }
    }

    /**
     * Spark's CSV schema inference turns times into timestamps in the session zone, which shifts a wall-clock time
     * that does not exist there (a DST hour) and loses how the file wrote it: such columns are read again as text,
     * for the sequence assembler to parse (in data.time-zone) and to quote as written.
     */
    private static Dataset<Row> timesAsText(DataFrameReader reader, Dataset<Row> rows, String path) {
        StructType schema = rows.schema();
        boolean times = Arrays.stream(schema.fields()).anyMatch(f -> isTime(f.dataType()));
        if (!times) {
            return rows;
        }
        StructType text = new StructType(Arrays.stream(schema.fields())
                .map(f -> isTime(f.dataType())
                        ? new StructField(f.name(), DataTypes.StringType, true, f.metadata()) : f)
                .toArray(StructField[]::new));
        return reader.schema(text).format("csv").load(path);
    }

    private static boolean isTime(DataType t) {
        return t instanceof TimestampType || t instanceof DateType || t instanceof TimestampNTZType;
    }

    /** data.columns (derived columns) and the row condition (data.where or text.pretrain.where), checked by Spark's analyzer before anything runs. */
    static Dataset<Row> select(Dataset<Row> rows, JobConfig.Selection selection, String path) {
        for (Map.Entry<String, String> c : selection.columns().entrySet()) {
            try {
                rows = rows.withColumn(c.getKey(), expr(c.getValue()));
            } catch (Exception e) {
                throw sqlError("data.columns." + c.getKey(), c.getValue(), path, rows, e);
            }
        }
        if (selection.where() != null) {
            try {
                rows = rows.filter(expr(selection.where()));
            } catch (Exception e) {
                throw sqlError(selection.whereKey(), selection.where(), path, rows, e);
            }
        }
        return rows;
    }

    /** data.sample: at most per-class rows of every value of the balance column, chosen by a seeded hash. */
    public static Dataset<Row> balance(Dataset<Row> rows, JobConfig.Selection selection, String path) {
        String by = selection.balanceColumn();
        if (by == null) {
            return rows;
        }
        if (!Arrays.asList(rows.columns()).contains(by)) {
            throw new UserError("data.sample.balance-column = " + by + ": no such column in " + path
                    + " (its columns: " + String.join(", ", rows.columns()) + ")");
        }
        Column[] all = Arrays.stream(rows.columns()).map(Columns::col).toArray(Column[]::new);
        Column[] hashed = Arrays.copyOf(all, all.length + 1);
        hashed[all.length] = lit(selection.seed());
        WindowSpec order = Window.partitionBy(col(by)).orderBy(xxhash64(hashed));
        return rows.withColumn("_seqspark_rank", row_number().over(order))
                .filter(col("_seqspark_rank").leq(selection.perClass())).drop("_seqspark_rank");
    }

    private static UserError sqlError(String key, String sql, String path, Dataset<Row> rows, Exception e) {
        if (e instanceof AnalysisException || e instanceof org.apache.spark.sql.catalyst.parser.ParseException) {
            return new UserError(key + " = \"" + sql + "\": not a valid Spark SQL expression over " + path
                    + " (columns: " + String.join(", ", rows.columns()) + "): " + firstLine(e.getMessage()), e);
        }
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    static void requireMatches(String key, String path) {
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
