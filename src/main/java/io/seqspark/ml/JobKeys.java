package io.seqspark.ml;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.seqspark.config.ConfigLoader;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The link between a stage's Spark ML params and the job-file keys they stand for: defaults come from
 * conf/reference.conf (one place for them), and a fit turns the params into the job settings that {@code train}
 * would read from a file, so the same validation and the same training code run.
 */
final class JobKeys {
    private static final Config REFERENCE = ConfigFactory.parseResources(ConfigLoader.REFERENCE_RESOURCE);

    private JobKeys() {
    }

    /** Sets every keyed param's default to the reference value of its key (keys whose default is null: none). */
    static void setDefaults(Params stage, Map<String, String> keys) {
        for (Param<?> p : stage.params()) {
            String key = keys.get(p.name());
            if (key == null || !REFERENCE.hasPath(key)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Param<Object> param = (Param<Object>) p;
            stage.setDefault(param, referenceValue(param, key));
        }
    }

    private static Object referenceValue(Param<?> p, String key) {
        if (p instanceof IntParam) {
            return REFERENCE.getInt(key);
        }
        if (p instanceof LongParam) {
            return REFERENCE.getLong(key);
        }
        if (p instanceof DoubleParam) {
            return REFERENCE.getDouble(key);
        }
        if (p instanceof BooleanParam) {
            return REFERENCE.getBoolean(key);
        }
        if (p instanceof IntArrayParam) {
            return REFERENCE.getIntList(key).stream().mapToInt(Integer::intValue).toArray();
        }
        if (p instanceof DoubleArrayParam) {
            return REFERENCE.getDoubleList(key).stream().mapToDouble(Double::doubleValue).toArray();
        }
        if (p instanceof StringArrayParam) {
            return REFERENCE.getStringList(key).toArray(new String[0]);
        }
        return REFERENCE.getString(key);
    }

    /** The job settings (key to plain Java value) of every keyed param that has a value or a default. */
    static Map<String, Object> settings(Params stage, Map<String, String> keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Param<?> p : stage.params()) {
            String key = keys.get(p.name());
            if (key == null || !stage.isDefined(p)) {
                continue;
            }
            Object v = stage.getOrDefault(p);
            if (v instanceof int[] a) {
                v = Arrays.stream(a).boxed().toList();
            } else if (v instanceof double[] a) {
                v = Arrays.stream(a).boxed().toList();
            } else if (v instanceof String[] a) {
                v = Arrays.asList(a);
            }
            out.put(key, v);
        }
        return out;
    }
}
