package io.seqspark.it;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Run in a new JVM by {@link SparkMlPipelineIT}: a new Spark session registers the table files that the test
 * saved under its warehouse ({@code CREATE TABLE ... LOCATION}: the in-memory catalog of the test's session is not
 * shared), loads the saved PipelineModel, and writes its output rows as text lines for the test to compare.
 *
 * <p>Arguments: pipeline folder, warehouse folder, table name, order-by column, output file, columns...
 */
public final class MlScoreOnce {
    private MlScoreOnce() {
    }

    /** The rows as lines of tab-separated values, ordered by the comma-separated columns {@code orderBy}: exact (doubles print in their shortest exact form). */
    static List<String> lines(Dataset<Row> rows, String orderBy, String... columns) {
        Column[] order = Arrays.stream(orderBy.split(",")).map(String::trim).map(functions::col)
                .toArray(Column[]::new);
        return rows.orderBy(order).selectExpr(columns).collectAsList().stream()
                .map(r -> r.mkString("\t")).toList();
    }

    public static void main(String[] args) throws IOException {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("ml-score-once")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.warehouse.dir", Path.of(args[1]).toUri().toString())
                .getOrCreate();
        try {
            spark.sql("CREATE TABLE " + args[2] + " USING parquet LOCATION '" + Path.of(args[1], args[2]).toUri()
                    + "'");
            Dataset<Row> out = PipelineModel.load(args[0]).transform(spark.table(args[2]));
            Files.write(Path.of(args[4]), lines(out, args[3], Arrays.copyOfRange(args, 5, args.length)));
        } finally {
            spark.stop();
        }
    }
}
