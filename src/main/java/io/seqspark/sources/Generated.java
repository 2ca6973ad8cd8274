package io.seqspark.sources;

import io.seqspark.config.JobConfig;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/** What the generators share: sequences generated on the executors, and Gaussian noise. */
final class Generated {
    private Generated() {
    }

    /** The rows of one sequence, deterministic for its id and the generator's seed. */
    @FunctionalInterface
    interface Sequence extends Serializable {
        List<Row> rows(long id, JobConfig.Generator g);
    }

    /** data.generator.sequences sequences, generated in parallel on the executors. */
    static Dataset<Row> rows(SparkSession spark, JobConfig.Generator g, StructType schema, Sequence sequence) {
        int partitions = Math.max(1, spark.sparkContext().defaultParallelism());
        JavaRDD<Row> rows = spark.range(0, g.sequences(), 1, partitions).javaRDD()
                .flatMap(id -> sequence.rows(id, g).iterator());
        return spark.createDataFrame(rows, schema);
    }

    /** A standard normal draw (Box-Muller; SplittableRandom has no nextGaussian). */
    static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
