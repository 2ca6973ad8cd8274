package io.seqspark.vectorize.text;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.sources.TextSources;
import io.seqspark.vectorize.LabeledSequence;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.seqspark.sources.Columns.col;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * Labelled texts made ready for training on the executors: tokenized, checked (undecodable bytes, missing labels,
 * empty texts, duplicate ids) in one Spark pass whose counts alone reach the driver, and turned into token-id
 * sequences.
 */
public final class TextExamples {
    public static final String ID = TextSources.ID;
    public static final String LABEL = TextSources.LABEL;
    public static final String TEXT = TextSources.TEXT;
    public static final String TOKENS = "tokens";
    /** Characters of each text kept after tokenization, for the examples shown in reports. */
    public static final int TEXT_KEPT = 1000;

    private TextExamples() {
    }

    /**
     * @param examples the usable examples (id, label, text, tokens), persisted
     * @param dropped  examples skipped by text.invalid = drop, by reason
     */
    public record Checked(Dataset<Row> examples, Map<String, Long> dropped) {
    }

    private record Problem(String key, String description, Column condition) {
    }

    /** @param source what was read, for messages (e.g. "data.path = reviews.tsv") */
    public static Checked prepare(Dataset<Row> texts, JobConfig.TextSpec spec, String source) {
        // Not cached: the check is one pass, and caching the raw tokens beside the usable ones doubled executor
        // memory for long documents.
        Dataset<Row> tokens = Tokenizers.tokenize(texts, TEXT, TOKENS, spec);
        // Every condition is null-safe: a null (e.g. a null text's "undecodable") would make both the count and
        // the filter below skip the row, so it would vanish uncounted.
        Column undecodable = coalesce(col(TextSources.UNDECODABLE), lit(false));
        Column unlabelled = col(LABEL).isNull().or(coalesce(trim(col(LABEL)).equalTo(""), lit(true)));
        Column empty = coalesce(size(col(TOKENS)).leq(0), lit(true));
        String textColumn = spec.textColumn() == null ? "" : " (column '" + spec.textColumn() + "')";
        List<Problem> problems = List.of(
                new Problem("undecodable", "hold bytes that are not valid " + spec.encoding()
                        + " (text.encoding)" + textColumn + "; set text.encoding to the input's charset, e.g. "
                        + "windows-1252", undecodable),
                new Problem("missing_label", "have no label" + (spec.labelColumn() == null ? ""
                        : " (column '" + spec.labelColumn() + "')"), unlabelled.and(not(undecodable))),
                new Problem("empty", "are empty, blank or without a token after tokenization" + textColumn
                        + " (text.tokenizer = " + spec.tokenizer() + ")",
                        empty.and(not(undecodable)).and(not(unlabelled))),
                // Only an id column can be null (generated ids never are); nulls are not duplicates.
                new Problem("missing_id", "have no id (column '" + spec.idColumn() + "')",
                        col(ID).isNull().and(not(undecodable)).and(not(unlabelled)).and(not(empty))));
        List<Column> aggregates = new ArrayList<>();
        for (Problem p : problems) {
            aggregates.add(sum(when(p.condition, 1).otherwise(0)));
            aggregates.add(first(when(p.condition, col(TextSources.SOURCE)), true));
            aggregates.add(first(when(p.condition, col(ID)), true));
        }
        aggregates.add(count(lit(1)));
        aggregates.add(countDistinct(col(ID)));
        aggregates.add(sum(when(col(ID).isNull(), 1).otherwise(0)));
        Row summary = tokens.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .first();

        int totalAt = problems.size() * 3;
        long total = summary.getLong(totalAt);
        long distinctIds = summary.getLong(totalAt + 1);
        long nullIds = summary.getLong(totalAt + 2);
        if (distinctIds < total - nullIds) {
            throw duplicates(texts, spec, source, total - nullIds - distinctIds);
        }
        Map<String, Long> dropped = new LinkedHashMap<>();
        Column keep = lit(true);
        for (int i = 0; i < problems.size(); i++) {
            Problem p = problems.get(i);
            long n = summary.isNullAt(i * 3) ? 0 : summary.getLong(i * 3);
            dropped.put(p.key, n);
            if (n > 0 && !spec.dropInvalid()) {
                throw new UserError(source + ": " + n + " of " + total + " text(s) " + p.description + "; e.g. "
                        + example(summary.getString(i * 3 + 1), summary.getString(i * 3 + 2))
                        + " (set text.invalid = drop to skip such texts)");
            }
            keep = keep.and(not(p.condition));
        }
        // The text is kept only to show examples in reports, so long documents are cut here.
        Dataset<Row> usable = tokens.filter(keep)
                .select(col(ID), col(LABEL), substring(col(TEXT), 1, TEXT_KEPT).as(TEXT), col(TOKENS))
                .persist(StorageLevel.MEMORY_AND_DISK());
        usable.count();
        return new Checked(usable, dropped);
    }

    /** Only on failure: one more pass to name a duplicated id, how often it occurs and where. */
    private static UserError duplicates(Dataset<Row> texts, JobConfig.TextSpec spec, String source, long extra) {
        Row example = texts.groupBy(col(ID)).agg(count(lit(1)).as("n"), first(col(TextSources.SOURCE)).as("file"))
                .filter(col(ID).isNotNull().and(col("n").gt(1))).first();
        String what = "id '" + example.getString(0) + "'";
        // Ids repeated by the thousand in a file with an id per record usually mean records were split at line
        // breaks inside texts: say how texts must be quoted.
        String hint = "; texts with line breaks, delimiters or quotes must be in double quotes with a quote inside "
                + "doubled (\"\"), read as multi-line records unless data.options.multiLine = false";
        return new UserError(source + ": text.id-column = " + spec.idColumn() + " holds " + extra
                + " duplicate id(s), e.g. " + what + " " + example.getLong(1) + " times (in " + example.getString(2)
                + "); expected one row per example" + hint);
    }

    private static String example(String file, String id) {
        return id == null ? "a row without an id in " + file
                : file.equals(id) ? "file " + file : "the row with id " + id + " in " + file;
    }

    /** Token-id sequences ({@code steps[t][0]} = id), built on the executors with a broadcast vocabulary. */
    public static JavaRDD<LabeledSequence> toSequences(JavaSparkContext jsc, Dataset<Row> examples,
                                                       Vocabulary vocabulary, int maxLength) {
        Broadcast<Map<String, Integer>> index = jsc.broadcast(vocabulary.index());
        return examples.select(ID, LABEL, TOKENS).javaRDD().map(r ->
                new LabeledSequence(r.getString(0), r.getString(1),
                        Vocabulary.ids(r.getList(2), index.value(), maxLength)));
    }
}
