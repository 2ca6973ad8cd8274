package io.seqspark.ml;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

/** Schema checks before any work, with messages that name the param, the column and what was expected. */
final class Schemas {
    private Schemas() {
    }

    /**
     * @param type the required type, or null for any
     * @return the column's type
     */
    static DataType require(StructType schema, String param, String column, DataType type) {
        if (column == null) {
            throw new IllegalArgumentException(param + " is not set; it names the input column to use");
        }
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException(param + " = " + column + ": no such column (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        DataType actual = schema.apply(column).dataType();
        if (type != null && !actual.equals(type)) {
            throw new IllegalArgumentException(param + " = " + column + ": expected a column of type "
                    + type.simpleString() + ", found " + actual.simpleString());
        }
        return actual;
    }

    static void requireNumeric(StructType schema, String param, String column) {
        DataType t = require(schema, param, column, null);
        if (!(t instanceof NumericType)) {
            throw new IllegalArgumentException(param + ": column " + column + " must be numeric, found "
                    + t.simpleString());
        }
    }

    static void requireAbsent(StructType schema, String param, String column) {
        if (Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException(param + " = " + column + ": the input already has a column of that "
                    + "name; choose another output column");
        }
    }
}
