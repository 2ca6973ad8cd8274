package io.seqspark.vectorize.text;

import io.seqspark.config.JobConfig;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.apache.spark.sql.functions.array_remove;
import static org.apache.spark.sql.functions.coalesce;
import static io.seqspark.sources.Columns.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.udf;

/**
 * Turns a text column into a column of tokens on the executors, as text.tokenizer says: {@code word} splits at
 * runs of non-letters and non-digits with Spark SQL's regex split, {@code char} one token per character, {@code korean} the morphemes found by Lucene's
 * Korean analyzer (nori).
 */
public final class Tokenizers {
    /** Splits at runs of characters that are neither letters nor digits, in any script (Hangul included). */
    public static final String WORD_GAPS = "[^\\p{L}\\p{N}]+";

    private Tokenizers() {
    }

    /** @return {@code rows} with an array&lt;string&gt; column {@code tokensColumn} (empty for a null text) */
    public static Dataset<Row> tokenize(Dataset<Row> rows, String textColumn, String tokensColumn,
                                        JobConfig.TextSpec spec) {
        Column text = coalesce(col(textColumn), lit(""));
        return switch (spec.tokenizer()) {
            // What Spark ML's RegexTokenizer (gaps = true) does, in Spark SQL: spark-mllib 3.5.9 is not published.
            case WORD -> rows.withColumn(tokensColumn,
                    array_remove(split(spec.lowercase() ? lower(text) : text, WORD_GAPS), ""));
            case CHAR -> rows.withColumn(tokensColumn, udf(characters(spec.lowercase()),
                    DataTypes.createArrayType(DataTypes.StringType)).apply(text));
            case KOREAN -> rows.withColumn(tokensColumn, korean().apply(text));
        };
    }

    private static UDF1<String, List<String>> characters(boolean lowercase) {
        return s -> chars(s, lowercase);
    }

    /** One token per Unicode code point; runs of whitespace become one space. */
    public static List<String> chars(String s, boolean lowercase) {
        String t = (lowercase ? s.toLowerCase(Locale.ROOT) : s).strip().replaceAll("\\s+", " ");
        List<String> out = new ArrayList<>(t.length());
        t.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }

    private static UserDefinedFunction korean() {
        return udf((UDF1<String, List<String>>) Tokenizers::morphemes,
                DataTypes.createArrayType(DataTypes.StringType));
    }

    /** One analyzer per executor thread: it is reusable, not thread-safe, and expensive to build (dictionaries). */
    private static final ThreadLocal<Analyzer> KOREAN = ThreadLocal.withInitial(() ->
            // No part-of-speech filter: particles and endings (-네요, -ㅂ니다) carry sentiment too.
            new KoreanAnalyzer(null, KoreanTokenizer.DecompoundMode.DISCARD, Set.of(), false));

    /** The morphemes of {@code s} (surface forms, Latin letters lower-cased). */
    public static List<String> morphemes(String s) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = KOREAN.get().tokenStream("text", s)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String cannot fail
        }
        return out;
    }
}
