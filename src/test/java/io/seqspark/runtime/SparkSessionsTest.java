package io.seqspark.runtime;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SparkSessionsTest {

    private static SparkConf applied(String master, String... keyValues) {
        SparkConf conf = new SparkConf(false).setMaster(master);
        for (int i = 0; i < keyValues.length; i += 2) {
            conf.set(keyValues[i], keyValues[i + 1]);
        }
        SparkSessions.applyDefaults(conf);
        return conf;
    }

    @Test
    void localRunsListenOnLoopbackWithoutUi() {
        for (String master : new String[]{"local", "local[2]", "local[*]", "local[2,3]"}) {
            SparkConf conf = applied(master);
            assertEquals("127.0.0.1", conf.get("spark.driver.bindAddress"), master);
            assertEquals("127.0.0.1", conf.get("spark.driver.host"), master);
            assertEquals("false", conf.get("spark.ui.enabled"), master);
        }
    }

    @Test
    void theJobFilesValuesWin() {
        SparkConf conf = applied("local[2]", "spark.ui.enabled", "true", "spark.driver.bindAddress", "0.0.0.0",
                "spark.driver.host", "10.1.2.3");
        assertEquals("true", conf.get("spark.ui.enabled"));
        assertEquals("0.0.0.0", conf.get("spark.driver.bindAddress"));
        assertEquals("10.1.2.3", conf.get("spark.driver.host"));
    }

    @Test
    void clusterRunsKeepSparksDefaults() {
        // Executors on other machines must reach the driver: nothing is pinned to loopback.
        SparkConf conf = applied("spark://master.example:7077");
        assertFalse(conf.contains("spark.driver.bindAddress"));
        assertFalse(conf.contains("spark.driver.host"));
        assertFalse(conf.contains("spark.ui.enabled"));
    }
}
