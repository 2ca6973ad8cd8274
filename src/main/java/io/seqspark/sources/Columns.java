package io.seqspark.sources;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * Column references by name. {@code functions.col("a.b")} means field b of struct a, and a name with a space,
 * a backtick or other characters can fail to parse, so every column seqspark names (the user's columns above
 * all) goes through {@link #col}, which quotes it as one identifier. User-written SQL (data.columns, data.where)
 * is the user's own and is not touched.
 */
public final class Columns {
    private Columns() {
    }

    /** The column called exactly {@code name} (a dot, space or non-ASCII letter is part of the name). */
    public static Column col(String name) {
        return functions.col(quote(name));
    }

    /** {@code name} as a backtick-quoted Spark SQL identifier. */
    public static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
