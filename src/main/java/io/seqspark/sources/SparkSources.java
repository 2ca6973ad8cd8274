package io.seqspark.sources;

import org.apache.spark.sql.execution.datasources.DataSource$;
import org.apache.spark.sql.internal.SQLConf;

/** Spark data sources named by data.format beyond seqspark's own (orc, avro, jdbc, delta, iceberg, ...). */
public final class SparkSources {
    private SparkSources() {
    }

    /**
     * Looks the source up as Spark's reader will (short names registered through DataSourceRegister, or a class
     * name), so that a misspelled or missing source fails before Spark starts.
     *
     * @return null when Spark can load a source of this name, else why not (Spark's own first line)
     */
    public static String problem(String name) {
        try {
            DataSource$.MODULE$.lookupDataSource(name, SQLConf.get());
            return null;
        } catch (Exception | LinkageError e) {
            String m = String.valueOf(e.getMessage());
            int nl = m.indexOf('\n');
            return nl < 0 ? m : m.substring(0, nl);
        }
    }
}
