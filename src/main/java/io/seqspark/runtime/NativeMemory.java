package io.seqspark.runtime;

import org.apache.spark.SparkConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native-memory limits for executors. ND4J keeps parameters, gradients and activations off the JVM heap through
 * JavaCPP, whose default limit is the heap size again; on YARN or Kubernetes that overshoots the container
 * (heap + memoryOverhead) and the executor is killed without a Java error. So the limits come from Spark's own
 * figures: the whole process stays under heap + overhead, where JavaCPP first collects garbage and then throws an
 * OutOfMemoryError that names the limit, and JavaCPP's own allocations under the overhead less what the native
 * library, metaspace and threads take.
 *
 * <p>Spark's default overhead (max(384 MiB, 10%)) is sized for JVM-only work; ND4J's native library alone maps
 * about 330 MiB. Measured: 2 GiB executors with 384 MiB overhead reached 2.5 GiB RSS in the third Fashion-MNIST
 * epoch and died at the limit. So unless the user sets spark.executor.memoryOverhead (or its factor), seqspark
 * asks for max(1 GiB, 25% of the heap).
 */
public final class NativeMemory {
    static final String MAX_BYTES = "org.bytedeco.javacpp.maxbytes";
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxphysicalbytes";
    private static final long MIB = 1024L * 1024L;
    /** Spark's defaults for spark.executor.memoryOverhead: max(384 MiB, factor x executor memory). */
    private static final long SPARK_MIN_OVERHEAD_MIB = 384;
    /** seqspark's default overhead: max(1 GiB, 25% of the heap). */
    private static final long MIN_OVERHEAD_MIB = 1024;
    private static final double OVERHEAD_FACTOR = 0.25;
    /** Of the overhead, what the native library (~330 MiB mapped), metaspace, code cache and threads take. */
    private static final long NON_JAVACPP_MIB = 512;
    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);

    /** The limits for one executor. */
    public record Limits(long heapMiB, long overheadMiB, int ompThreads) {
        public long maxBytes() {
            return Math.max(overheadMiB / 2, overheadMiB - NON_JAVACPP_MIB) * MIB;
        }

        public long maxPhysicalBytes() {
            return (heapMiB + overheadMiB) * MIB;
        }

        String javaOptions() {
            return "-D" + MAX_BYTES + "=" + maxBytes() + " -D" + MAX_PHYSICAL_BYTES + "=" + maxPhysicalBytes();
        }
    }

    private NativeMemory() {
    }

    /**
     * From spark.executor.memory, spark.executor.memoryOverhead (or, if only its factor is set, Spark's rule;
     * otherwise seqspark's default) and spark.task.cpus.
     */
    public static Limits limits(SparkConf conf) {
        long heap = conf.getSizeAsMb("spark.executor.memory", "1g");
        long overhead;
        if (conf.contains("spark.executor.memoryOverhead")) {
            overhead = conf.getSizeAsMb("spark.executor.memoryOverhead", "0");
        } else if (conf.contains("spark.executor.memoryOverheadFactor")) {
            overhead = Math.max(SPARK_MIN_OVERHEAD_MIB,
                    (long) (heap * conf.getDouble("spark.executor.memoryOverheadFactor", 0.1)));
        } else {
            overhead = Math.max(MIN_OVERHEAD_MIB, (long) (heap * OVERHEAD_FACTOR));
        }
        return new Limits(heap, overhead, conf.getInt("spark.task.cpus", 1));
    }

    /**
     * Adds the JavaCPP limits to the executors' JVM options unless the user set them there, and OpenMP threads =
     * cores per task unless set: with several tasks per executor, ND4J's default (all cores per task)
     * oversubscribes the CPU several times over.
     */
    static void apply(SparkConf conf) {
        Limits limits = limits(conf);
        // Requested from the cluster manager too (YARN and Kubernetes size containers by it).
        conf.setIfMissing("spark.executor.memoryOverhead", limits.overheadMiB() + "m");
        String options = conf.get("spark.executor.extraJavaOptions", "");
        boolean own = options.contains(MAX_BYTES) || options.contains(MAX_PHYSICAL_BYTES);
        if (!own) {
            conf.set("spark.executor.extraJavaOptions", (options + " " + limits.javaOptions()).trim());
        }
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", String.valueOf(limits.ompThreads()));
        LOG.info("Executor memory: heap {} MiB, overhead {} MiB; native (JavaCPP) up to {} MiB, whole process up "
                        + "to {} MiB{}; OpenMP threads per executor task: {}", limits.heapMiB(), limits.overheadMiB(),
                limits.maxBytes() / MIB,
                limits.heapMiB() + limits.overheadMiB(), own ? " (your own javacpp limits in "
                        + "spark.executor.extraJavaOptions take precedence)" : "",
                conf.get("spark.executorEnv.OMP_NUM_THREADS"));
    }
}
