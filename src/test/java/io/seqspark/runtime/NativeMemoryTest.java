package io.seqspark.runtime;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeMemoryTest {
    private static final long MIB = 1024L * 1024L;

    @Test
    void limitsFollowSparksMemoryFigures() {
        NativeMemory.Limits small = NativeMemory.limits(new SparkConf(false).set("spark.executor.memory", "1536m"));
        assertEquals(1024, small.overheadMiB(), "seqspark's minimum overhead");
        assertEquals(512 * MIB, small.maxBytes(), "overhead less the native library and JVM non-heap");
        assertEquals((1536 + 1024) * MIB, small.maxPhysicalBytes());

        NativeMemory.Limits big = NativeMemory.limits(new SparkConf(false).set("spark.executor.memory", "8g"));
        assertEquals(2048, big.overheadMiB(), "25% of the heap");
        assertEquals(1536 * MIB, big.maxBytes());

        NativeMemory.Limits factor = NativeMemory.limits(new SparkConf(false).set("spark.executor.memory", "8g")
                .set("spark.executor.memoryOverheadFactor", "0.1"));
        assertEquals(819, factor.overheadMiB(), "the user's factor, by Spark's rule");

        NativeMemory.Limits explicit = NativeMemory.limits(new SparkConf(false).set("spark.executor.memory", "2g")
                .set("spark.executor.memoryOverhead", "3g").set("spark.task.cpus", "2"));
        assertEquals(2560 * MIB, explicit.maxBytes());
        assertEquals((2048 + 3072) * MIB, explicit.maxPhysicalBytes());
        assertEquals(2, explicit.ompThreads());
        NativeMemory.Limits tiny = NativeMemory.limits(new SparkConf(false).set("spark.executor.memoryOverhead",
                "384m"));
        assertEquals(192 * MIB, tiny.maxBytes(), "at least half the overhead");
    }

    @Test
    void executorsGetTheLimitsUnlessTheUserSetThem() {
        SparkConf conf = new SparkConf(false).setMaster("spark://cluster:7077").set("spark.executor.memory", "2g")
                .set("spark.executor.extraJavaOptions", "-Dmine=1");
        NativeMemory.apply(conf);
        String options = conf.get("spark.executor.extraJavaOptions");
        assertTrue(options.startsWith("-Dmine=1 "), options);
        assertTrue(options.contains("-Dorg.bytedeco.javacpp.maxbytes=" + 512 * MIB), options);
        assertTrue(options.contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=" + (2048 + 1024) * MIB), options);
        assertEquals("1024m", conf.get("spark.executor.memoryOverhead"), "requested from the cluster manager");
        assertEquals("1", conf.get("spark.executorEnv.OMP_NUM_THREADS"));

        SparkConf own = new SparkConf(false).set("spark.executor.extraJavaOptions",
                "-Dorg.bytedeco.javacpp.maxbytes=10G").set("spark.executorEnv.OMP_NUM_THREADS", "4");
        NativeMemory.apply(own);
        assertEquals("-Dorg.bytedeco.javacpp.maxbytes=10G", own.get("spark.executor.extraJavaOptions"));
        assertEquals("4", own.get("spark.executorEnv.OMP_NUM_THREADS"));
    }

    @Test
    void clusterSessionsRegisterTheExecutorPluginOnce() {
        SparkConf conf = new SparkConf(false).setMaster("spark://cluster:7077").set("spark.plugins", "com.x.Other");
        SparkSessions.applyDefaults(conf);
        SparkSessions.applyDefaults(conf);
        assertEquals("com.x.Other," + ExecutorSetupPlugin.class.getName(), conf.get("spark.plugins"));
        assertTrue(conf.get("spark.executor.extraJavaOptions").contains("--add-opens=java.base/sun.nio.ch"));
        assertFalse(conf.get("spark.executor.extraJavaOptions").indexOf("javacpp.maxbytes")
                != conf.get("spark.executor.extraJavaOptions").lastIndexOf("javacpp.maxbytes"), "added once");
    }
}
