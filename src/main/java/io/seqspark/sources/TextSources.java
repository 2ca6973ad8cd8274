package io.seqspark.sources;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.util.Map;

import static io.seqspark.sources.Columns.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

/**
 * Labelled texts as a DataFrame of {@link #ID}, {@link #LABEL}, {@link #TEXT}, {@link #SOURCE} (the input file) and
 * {@link #UNDECODABLE} (the text held bytes that are not valid in {@code text.encoding}), from csv/tsv/json/parquet
 * columns or from one folder per label of plain-text files.
 */
public final class TextSources {
    public static final String ID = "id";
    public static final String LABEL = "label";
    public static final String TEXT = "text";
    public static final String SOURCE = "source";
    public static final String UNDECODABLE = "undecodable";
    /** What Java and Spark's readers put where bytes could not be decoded. */
    private static final String REPLACEMENT = "\uFFFD";

    private TextSources() {
    }

    /** The training texts (data.path), sampled as data.sample says. */
    public static Dataset<Row> main(SparkSession spark, JobConfig config) {
        return read(spark, config, config.data().mainKey(), config.data().mainName(), true);
    }

    /** The separate test texts (data.test-path), never sampled. */
    public static Dataset<Row> test(SparkSession spark, JobConfig config) {
        return read(spark, config, "data.test-path", config.data().testPath(), false);
    }

    /**
     * The unlabelled corpus of text.pretrain.path, read like data.path (format, options, encoding, text column,
     * data.columns) but with text.pretrain.where instead of data.where and no sample; label is null.
     */
    public static Dataset<Row> pretrainCorpus(SparkSession spark, JobConfig config) {
        JobConfig.EmbeddingSpec embedding = config.embeddingSpec();
        JobConfig.Selection selection = new JobConfig.Selection(config.data().selection().columns(),
                embedding.pretrainWhere(), null, 0, 0, "text.pretrain.where");
        return read(spark, config, "text.pretrain.path", embedding.pretrainPath(), false, selection, false);
    }

    private static Dataset<Row> read(SparkSession spark, JobConfig config, String key, String path, boolean sample) {
        return read(spark, config, key, path, sample, config.data().selection(), true);
    }

    /**
     * @param key       the config key that named {@code path}, for messages
     * @param sample    apply data.sample (balance-column refers to the input's columns; for folders, to label)
     * @param selection data.columns and the row condition to apply
     * @param labelled  the label column must be there (else the label is null)
     */
    private static Dataset<Row> read(SparkSession spark, JobConfig config, String key, String path, boolean sample,
                                     JobConfig.Selection selection, boolean labelled) {
        JobConfig.Data data = config.data();
        JobConfig.TextSpec text = config.text();
        if (data.format().equals("text")) {
            // data.columns and the row condition (data.where; text.pretrain.where for the unlabelled corpus).
            Dataset<Row> files = DataSources.select(folders(spark, key, path, text.encoding()), selection, path);
            return sample ? DataSources.balance(files, selection, path) : files;
        }
        Map<String, String> options = DataSources.textOptions(data.format(), data.options(), text.encoding());
        JobConfig.Data withEncoding = new JobConfig.Data(data.format(), data.path(), data.testPath(), null, null,
                options, data.generator(), selection, data.table());
        Dataset<Row> rows = DataSources.read(spark, withEncoding, key, path);
        requireColumn(rows, "text.text-column", text.textColumn(), key, path);
        if (labelled) {
            requireColumn(rows, "text.label-column", text.labelColumn(), key, path);
        }
        // The unlabelled corpus needs no id column: its rows are only tokens for Word2Vec.
        String idColumn = labelled ? text.idColumn() : null;
        if (idColumn != null) {
            requireColumn(rows, "text.id-column", idColumn, key, path);
        }
        // File and position are taken as read: after a shuffle (data.sample) Spark no longer knows them.
        String file = "_seqspark_file";
        String position = "_seqspark_position";
        rows = rows.withColumn(file, input_file_name()).withColumn(position, monotonically_increasing_id());
        if (sample) {
            rows = DataSources.balance(rows, selection, path);
        }
        // Without an id column the example is named by its file and position; the split hashes this name.
        Column id = idColumn != null ? col(idColumn).cast(DataTypes.StringType)
                : concat(col(file), lit("#"), col(position).cast(DataTypes.StringType));
        Column value = col(text.textColumn()).cast(DataTypes.StringType);
        Column label = labelled ? col(text.labelColumn()).cast(DataTypes.StringType)
                : lit(null).cast(DataTypes.StringType);
        return rows.select(id.as(ID), label.as(LABEL),
                value.as(TEXT), col(file).as(SOURCE), value.contains(REPLACEMENT).as(UNDECODABLE));
    }

    /**
     * {@code path/<label>/<file>}: every file is one example, decoded strictly so that bytes invalid in the
     * charset are counted rather than silently replaced.
     */
    private static Dataset<Row> folders(SparkSession spark, String key, String path, String encoding) {
        String glob = path.replaceAll("/+$", "") + "/*/*";
        DataSources.requireMatches(key, glob);
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).binaryFiles(glob)
                .map(file -> decode(file._1(), file._2(), encoding));
        StructType schema = new StructType()
                .add(ID, DataTypes.StringType, false)
                .add(LABEL, DataTypes.StringType, false)
                .add(TEXT, DataTypes.StringType, true)
                .add(SOURCE, DataTypes.StringType, false)
                .add(UNDECODABLE, DataTypes.BooleanType, false);
        return spark.createDataFrame(rows, schema);
    }

    /**
     * A language model's documents from data.path (or data.table): see {@link #corpus(SparkSession, JobConfig,
     * String, String)}.
     */
    public static JavaRDD<scala.Tuple2<String, String>> corpus(SparkSession spark, JobConfig config) {
        return corpus(spark, config, config.data().mainKey(), config.data().mainName());
    }

    /**
     * A language model's documents (task = language-model): with data.format = text, every file of {@code path}
     * (a file, folder or glob), decoded strictly; otherwise every row of {@code path} read as data.format says
     * (csv, parquet, table, ...), its text.text-column the document (a null text is an empty one).
     *
     * @param key the config key that named {@code path}, for messages
     * @return (file, or file#row, and its text, null when not valid in text.encoding) pairs
     */
    public static JavaRDD<scala.Tuple2<String, String>> corpus(SparkSession spark, JobConfig config, String key,
                                                               String path) {
        if (!config.data().format().equals("text")) {
            return read(spark, config, key, path, false, config.data().selection(), false).javaRDD()
                    .map(r -> new scala.Tuple2<>(r.getString(0), !r.isNullAt(4) && r.getBoolean(4) ? null
                            : r.isNullAt(2) ? "" : r.getString(2)));
        }
        DataSources.requireMatches(key, path);
        String encoding = config.text().encoding();
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).binaryFiles(path)
                .map(file -> new scala.Tuple2<>(file._1(), decode(file._1(), file._2(), encoding).getString(2)));
    }

    private static Row decode(String file, PortableDataStream stream, String encoding) {
        String[] parts = file.split("/");
        String label = parts[parts.length - 2];
        String text;
        boolean undecodable = false;
        try {
            text = Charsets.forName(encoding).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(stream.toArray())).toString();
        } catch (CharacterCodingException e) {
            text = null;
            undecodable = true;
        }
        return RowFactory.create(file, label, text, file, undecodable);
    }

    private static void requireColumn(Dataset<Row> rows, String key, String column, String pathKey, String path) {
        if (!Arrays.asList(rows.columns()).contains(column)) {
            throw new UserError(key + " = " + column + ": no such column in " + pathKey + " = " + path
                    + " (its columns: " + String.join(", ", rows.columns()) + ")");
        }
    }
}
