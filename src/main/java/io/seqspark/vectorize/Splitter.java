package io.seqspark.vectorize;

import io.seqspark.config.JobConfig;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

import java.util.List;

import static io.seqspark.sources.Columns.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Stratified, seeded split of sequences into train / validation / test. Within each label, sequences are ordered
 * by a hash of (id, seed), and the first round(n * test) go to test, the next round(n * validation) to
 * validation. The assignment depends only on ids and the seed, so it is the same on every run and on any
 * partitioning. Only each label's range bounds reach the driver, and rows are labelled in place (no join).
 */
public final class Splitter {
    public static final String SPLIT = "split";
    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    public static final String TEST = "test";

    private Splitter() {
    }

    /**
     * @param test fraction for test; 0 when a separate test set is given
     * @return the sequences with a {@code split} column: a projection, so wide rows are never shuffled
     */
    public static Dataset<Row> assign(Dataset<Row> sequences, double test, double validation, long seed) {
        Column hash = xxhash64(col(SequenceAssembler.ID), lit(seed));
        WindowSpec byLabel = Window.partitionBy(SequenceAssembler.LABEL);
        // Only (id, label, hash) take part in the window, and only the last key of each label's test and
        // validation range reaches the driver: at most two rows per label.
        Dataset<Row> keys = sequences.select(col(SequenceAssembler.ID), col(SequenceAssembler.LABEL), hash.as("h"))
                .withColumn("rank", row_number().over(byLabel.orderBy(col("h"), col(SequenceAssembler.ID))))
                .withColumn("n", count(lit(1)).over(byLabel))
                .withColumn("n_test", round(col("n").multiply(test)))
                .withColumn("n_validation", round(col("n").multiply(validation)));
        Column lastTest = col("rank").equalTo(col("n_test"));
        Column lastValidation = col("n_validation").gt(0)
                .and(col("rank").equalTo(col("n_test").plus(col("n_validation"))));
        List<Row> bounds = keys.filter(lastTest.or(lastValidation))
                .select(col(SequenceAssembler.LABEL), col(SequenceAssembler.ID), col("h"), col("rank"),
                        col("n_test"))
                .collectAsList();
        Column isTest = lit(false);
        Column isValidation = lit(false);
        for (Row b : bounds) {
            long h = b.getLong(2);
            // Rows of this label that come no later than the bound in (hash, id) order.
            Column upToBound = col(SequenceAssembler.LABEL).eqNullSafe(lit(b.get(0)))
                    .and(hash.lt(h).or(hash.equalTo(h).and(col(SequenceAssembler.ID).leq(lit(b.get(1))))));
            if (((Number) b.get(3)).longValue() == Math.round(((Number) b.get(4)).doubleValue())) {
                isTest = isTest.or(upToBound);
            } else {
                isValidation = isValidation.or(upToBound);
            }
        }
        return sequences.withColumn(SPLIT, when(isTest, TEST).when(isValidation, VALIDATION).otherwise(TRAIN));
    }

    public static Dataset<Row> part(Dataset<Row> withSplit, String name) {
        return withSplit.filter(col(SPLIT).equalTo(name)).drop(SPLIT);
    }

    /** The config's fractions, with test = 0 when a separate test file is configured. */
    public static Dataset<Row> assign(Dataset<Row> sequences, JobConfig config) {
        double test = config.data().testPath() != null ? 0 : config.split().test();
        return assign(sequences, test, config.split().validation(), config.split().seed());
    }
}
