package io.seqspark.vectorize;

import io.seqspark.config.JobConfig;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

import static org.apache.spark.sql.functions.col;
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
 * partitioning.
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
     * @return the sequences with a {@code split} column
     */
    public static Dataset<Row> assign(Dataset<Row> sequences, double test, double validation, long seed) {
        WindowSpec byLabel = Window.partitionBy(SequenceAssembler.LABEL);
        WindowSpec ordered = byLabel.orderBy(xxhash64(col(SequenceAssembler.ID), lit(seed)),
                col(SequenceAssembler.ID));
        // Only (id, label) take part in the window, so a label's window never holds whole sequences.
        Dataset<Row> keys = sequences.select(SequenceAssembler.ID, SequenceAssembler.LABEL)
                .withColumn("rank", row_number().over(ordered))
                .withColumn("n", count(lit(1)).over(byLabel));
        Column nTest = round(col("n").multiply(test));
        Column nValidation = round(col("n").multiply(validation));
        Dataset<Row> assignment = keys.select(col(SequenceAssembler.ID),
                when(col("rank").leq(nTest), TEST)
                        .when(col("rank").leq(nTest.plus(nValidation)), VALIDATION)
                        .otherwise(TRAIN).as(SPLIT));
        return sequences.join(assignment, SequenceAssembler.ID);
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
