package io.seqspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Typed reads from a merged configuration that collect every problem instead of stopping at the first, so a
 * user fixes a config file in one round. Each problem names the key, the value found and what was expected.
 */
final class ConfigReader {
    private final Config config;
    private final List<String> errors;

    ConfigReader(Config config, List<String> errors) {
        this.config = config;
        this.errors = errors;
    }

    List<String> errors() {
        return errors;
    }

    void error(String path, String problem) {
        errors.add(path + ": " + problem);
    }

    private String found(String path) {
        ConfigValue v = config.getValue(path);
        // Concise: a list or section from --set would otherwise span lines, with origin comments.
        return v.valueType() == ConfigValueType.STRING ? "\"" + v.unwrapped() + "\""
                : v.render(ConfigRenderOptions.concise());
    }

    Optional<String> optString(String path) {
        if (!config.hasPath(path)) {
            return Optional.empty();
        }
        ConfigValue v = config.getValue(path);
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
            error(path, "expected a string, found " + v.render());
            return Optional.empty();
        }
        String s = String.valueOf(v.unwrapped()).trim();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    String requiredString(String path, String why) {
        Optional<String> s = optString(path);
        if (s.isEmpty() && !config.hasPath(path)) {
            error(path, "is required " + why);
        } else if (s.isEmpty()) {
            error(path, "must not be empty " + why);
        }
        return s.orElse(null);
    }

    /**
     * The value of a choice key as its enum constant, or null (with an error naming the key, every spelling in
     * alphabetical order and the value found) when it is unset or no constant's spelling.
     */
    <E extends Enum<E> & ConfigChoice> E choice(String path, Class<E> type) {
        Optional<String> s = optString(path);
        E value = s.map(v -> ConfigChoice.lookup(type, v)).orElse(null);
        if (value == null) {
            error(path, "expected one of " + ConfigChoice.choices(type) + ", found "
                    + (config.hasPath(path) ? found(path) : "nothing"));
        }
        return value;
    }

    boolean bool(String path) {
        try {
            return config.getBoolean(path);
        } catch (ConfigException e) {
            error(path, "expected true or false, found " + describe(path));
            return false;
        }
    }

    long longIn(String path, long min, long max) {
        try {
            ConfigValue v = config.getValue(path);
            if (v.valueType() != ConfigValueType.NUMBER && v.valueType() != ConfigValueType.STRING) {
                throw new ConfigException.WrongType(v.origin(), path, "number", v.valueType().name());
            }
            double d = config.getDouble(path);
            if (d != Math.rint(d)) {
                error(path, "expected a whole number, found " + found(path));
                return min;
            }
            long n = config.getLong(path);
            if (n < min || n > max) {
                error(path, "expected a whole number " + range(min, max) + ", found " + n);
                return min;
            }
            return n;
        } catch (ConfigException e) {
            error(path, "expected a whole number " + range(min, max) + ", found " + describe(path));
            return min;
        }
    }

    int intIn(String path, int min, int max) {
        return (int) longIn(path, min, max);
    }

    double doubleIn(String path, double min, double max, boolean maxInclusive) {
        String expected = "a number in [" + min + ", " + max + (maxInclusive ? "]" : ")");
        try {
            ConfigValue v = config.getValue(path);
            if (v.valueType() != ConfigValueType.NUMBER && v.valueType() != ConfigValueType.STRING) {
                throw new ConfigException.WrongType(v.origin(), path, "number", v.valueType().name());
            }
            double d = config.getDouble(path);
            if (Double.isNaN(d) || d < min || d > max || (!maxInclusive && d == max)) {
                error(path, "expected " + expected + ", found " + found(path));
                return min;
            }
            return d;
        } catch (ConfigException e) {
            error(path, "expected " + expected + ", found " + describe(path));
            return min;
        }
    }

    /** @return the list, or null (with an error recorded) when the value is not a list of strings */
    List<String> stringList(String path) {
        try {
            List<String> out = new ArrayList<>();
            for (String s : config.getStringList(path)) {
                out.add(s.trim());
            }
            return out;
        } catch (ConfigException e) {
            error(path, "expected a list of strings like [a, b], found " + describe(path));
            return null;
        }
    }

    /** @return the list, or null (with an error recorded) when the value is not such a list */
    List<Integer> intList(String path, int min, int max) {
        try {
            List<Integer> out = new ArrayList<>();
            for (Number n : config.getNumberList(path)) {
                if (n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < min || n.longValue() > max) {
                    error(path, "expected whole numbers " + range(min, max) + ", found " + found(path));
                    return null;
                }
                out.add(n.intValue());
            }
            return out;
        } catch (ConfigException e) {
            error(path, "expected a list of whole numbers like [64, 32], found " + describe(path));
            return null;
        }
    }

    /** @return the list, or null (with an error recorded) when the value is not a list of numbers */
    List<Double> doubleList(String path, String example) {
        try {
            List<Double> out = new ArrayList<>();
            for (Number n : config.getNumberList(path)) {
                out.add(n.doubleValue());
            }
            return out;
        } catch (ConfigException e) {
            error(path, "expected a list of numbers like " + example + ", found " + describe(path));
            return null;
        }
    }

    /** The flattened contents of an open section (spark.conf, data.options) as strings. */
    Map<String, String> stringMap(String path) {
        Map<String, String> out = new TreeMap<>();
        if (!config.hasPath(path)) {
            return out;
        }
        try {
            for (Map.Entry<String, ConfigValue> e : config.getConfig(path).entrySet()) {
                ConfigValue v = e.getValue();
                if (v.valueType() == ConfigValueType.LIST || v.valueType() == ConfigValueType.OBJECT) {
                    error(path + "." + e.getKey(), "expected a plain value, found " + v.render());
                } else {
                    // A quoted key ("spark.driver.host") and a nested one (spark { driver.host }) name the same setting.
                    out.put(String.join(".", ConfigUtil.splitPath(e.getKey())), String.valueOf(v.unwrapped()));
                }
            }
        } catch (ConfigException e) {
            error(path, "expected a section { key = value, ... }, found " + describe(path));
        }
        return out;
    }

    private String describe(String path) {
        return config.hasPathOrNull(path) && !config.getIsNull(path) ? found(path) : "nothing";
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return ">= " + min;
        }
        return "in [" + min + ", " + max + "]";
    }
}
