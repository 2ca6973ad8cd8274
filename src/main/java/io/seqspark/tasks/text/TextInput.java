package io.seqspark.tasks.text;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.sources.DataSources;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.text.TextExamples;
import io.seqspark.vectorize.text.Tokenizers;
import io.seqspark.vectorize.text.Vocabulary;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.seqspark.sources.Columns.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

/**
 * New texts for a saved text classifier: read like the training data (text.encoding, multi-line csv/tsv),
 * tokenized with the saved tokenizer settings and mapped to ids with the saved vocabulary (unseen tokens become the
 * unknown id), on the executors. Every input row gets an output row: a text that cannot be scored (empty or
 * blank, no token, bytes not valid in text.encoding) is not scored and comes back in {@link #invalid} with the
 * reason, so predict neither fails nor loses a row on it.
 *
 * @param sequences the texts scored
 * @param invalid   (id, label, {@link #REASON}) of the texts not scored
 * @param idColumn  the id column written (text.id-column, or "id": input file and row position)
 * @param labelled  the input has the label column
 */
record TextInput(JavaRDD<LabeledSequence> sequences, Dataset<Row> invalid, String idColumn, boolean labelled) {
    /** Why a text was not scored: empty (nothing to score after tokenization) | undecodable. */
    static final String REASON = "invalid";
    /** What Java and Spark's readers put where bytes could not be decoded. */
    private static final String REPLACEMENT = "\uFFFD";

    static TextInput read(SparkSession spark, JavaSparkContext jsc, JobConfig.Data data, Preprocessing.Textual prep,
                          String input) {
        JobConfig.TextSpec spec = prep.text();
        if (spec.textColumn() == null) {
            throw new UserError("this model was trained on a folder of text files (data.format = text); give --input "
                    + "as csv, tsv, json or parquet with a column 'text' (and --format)");
        }
        Map<String, String> options = DataSources.textOptions(data.format(), data.options(), spec.encoding());
        Dataset<Row> rows = DataSources.read(spark, new JobConfig.Data(data.format(), input, null, null, null,
                options, data.generator()), "--input", input);
        List<String> columns = Arrays.asList(rows.columns());
        if (!columns.contains(spec.textColumn())) {
            throw new UserError("--input " + input + ": no column '" + spec.textColumn() + "' (text.text-column of the "
                    + "model); its columns: " + String.join(", ", rows.columns()));
        }
        boolean hasId = spec.idColumn() != null && columns.contains(spec.idColumn());
        boolean labelled = spec.labelColumn() != null && columns.contains(spec.labelColumn());
        Column id = hasId ? col(spec.idColumn()).cast(DataTypes.StringType)
                : concat(input_file_name(), lit("#"), monotonically_increasing_id().cast(DataTypes.StringType));
        Column label = labelled ? col(spec.labelColumn()).cast(DataTypes.StringType)
                : lit(null).cast(DataTypes.StringType);
        Dataset<Row> texts = rows.select(id.as(TextExamples.ID), label.as(TextExamples.LABEL),
                col(spec.textColumn()).cast(DataTypes.StringType).as(TextExamples.TEXT));
        Column text = col(TextExamples.TEXT);
        Dataset<Row> tokens = Tokenizers.tokenize(texts, TextExamples.TEXT, TextExamples.TOKENS, spec)
                .withColumn(REASON, when(text.isNotNull().and(text.contains(REPLACEMENT)), "undecodable")
                        // size() of a null array is -1
                        .when(size(col(TextExamples.TOKENS)).leq(0), "empty"));
        Broadcast<Map<String, Integer>> index = jsc.broadcast(prep.vocabulary().index());
        int maxLength = spec.maxLength();
        JavaRDD<LabeledSequence> sequences = tokens.filter(col(REASON).isNull())
                .select(TextExamples.ID, TextExamples.LABEL, TextExamples.TOKENS)
                .javaRDD().map(r -> {
                    float[][] ids = Vocabulary.ids(r.getList(2), index.value(), maxLength);
                    return new LabeledSequence(r.getString(0), r.getString(1), ids);
                });
        Dataset<Row> invalid = tokens.filter(col(REASON).isNotNull())
                .select(TextExamples.ID, TextExamples.LABEL, REASON);
        return new TextInput(sequences, invalid, hasId ? spec.idColumn() : "id", labelled);
    }
}
