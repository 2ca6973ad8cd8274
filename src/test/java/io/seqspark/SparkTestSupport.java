package io.seqspark;

import org.apache.spark.sql.SparkSession;

/** A real local[2] SparkSession for tests, shared within a test class. */
public final class SparkTestSupport {
    private SparkTestSupport() {
    }

    public static SparkSession localSpark() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("seqspark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }
}
