package io.seqspark.vectorize.text;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.seqspark.sources.Columns.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * Token ids: 0 is padding, 1 every token outside the vocabulary, 2.. the vocabulary's tokens (most frequent
 * first). Counted on the executors from the training split, as Spark ML's CountVectorizer would (the most frequent
 * tokens that occur in enough texts); only the token list reaches the driver.
 */
public record Vocabulary(List<String> tokens) implements Serializable {
    public static final int PADDING = 0;
    public static final int UNKNOWN = 1;
    public static final int RESERVED = 2;

    /**
     * @param maxTokens  the most frequent tokens kept (text.vocab-size)
     * @param minTexts   a kept token occurs in at least this many texts (text.min-count)
     */
    public static Vocabulary fit(Dataset<Row> train, String idColumn, String tokensColumn, int maxTokens,
                                 int minTexts) {
        // CountVectorizer's rule (vocabSize, minDF) in Spark SQL, with ties broken by the token for repeatability.
        List<Row> kept = train.select(col(idColumn), explode(col(tokensColumn)).as("token"))
                .groupBy("token", idColumn).count()
                .groupBy("token").agg(sum("count").as("occurrences"), count(lit(1)).as("texts"))
                .filter(col("texts").geq(minTexts))
                .orderBy(col("occurrences").desc(), col("token"))
                .limit(maxTokens).select("token").collectAsList();
        return new Vocabulary(kept.stream().map(r -> r.getString(0)).toList());
    }

    /** Ids for the network's embedding: the vocabulary plus padding and unknown. */
    public int size() {
        return tokens.size() + RESERVED;
    }

    /** A lookup table for one task or scoring pass (not kept in the record, which is saved as JSON). */
    public Map<String, Integer> index() {
        Map<String, Integer> index = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            index.put(tokens.get(i), i + RESERVED);
        }
        return index;
    }

    /** The ids of the first {@code maxLength} tokens. */
    public static float[][] ids(List<String> tokens, Map<String, Integer> index, int maxLength) {
        int n = Math.min(tokens.size(), maxLength);
        float[][] steps = new float[n][1];
        for (int t = 0; t < n; t++) {
            steps[t][0] = index.getOrDefault(tokens.get(t), UNKNOWN);
        }
        return steps;
    }
}
