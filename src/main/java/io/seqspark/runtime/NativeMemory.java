package io.seqspark.runtime;

import org.apache.spark.SparkConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native-memory limits for executors. ND4J keeps parameters, gradients and activations off the JVM heap through
 * JavaCPP, whose default limit is the heap size again; on YARN or Kubernetes that overshoots the container
 * (heap + memoryOverhead) and the executor is killed without a Java error. So the limits come from Spark's own
 * figures: JavaCPP may allocate up to the memory overhead, and the whole process stays under heap + overhead,
 * where JavaCPP first collects garbage and then throws an OutOfMemoryError that names the limit.
 */
public final class NativeMemory {
    static final String MAX_BYTES = "org.bytedeco.javacpp.maxbytes";
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxphysicalbytes";
    private static final long MIB = 1024L * 1024L;
    /** Spark's defaults for spark.executor.memoryOverhead: max(384 MiB, factor x executor memory). */
    private static final long MIN_OVERHEAD_MIB = 384;
    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);

    /** The limits for one executor. */
    public record Limits(long heapMiB, long overheadMiB, int ompThreads) {
        public long maxBytes() {
            return overheadMiB * MIB;
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

    /** From spark.executor.memory, spark.executor.memoryOverhead (or Spark's default for it) and spark.task.cpus. */
    public static Limits limits(SparkConf conf) {
        long heap = conf.getSizeAsMb("spark.executor.memory", "1g");
        long overhead = conf.contains("spark.executor.memoryOverhead")
                ? conf.getSizeAsMb("spark.executor.memoryOverhead", "0")
                : Math.max(MIN_OVERHEAD_MIB, (long) (heap * conf.getDouble("spark.executor.memoryOverheadFactor", 0.1)));
        return new Limits(heap, overhead, conf.getInt("spark.task.cpus", 1));
    }

    /**
     * Adds the JavaCPP limits to the executors' JVM options unless the user set them there, and OpenMP threads =
     * cores per task unless set: with several tasks per executor, ND4J's default (all cores per task)
     * oversubscribes the CPU several times over.
     */
    static void apply(SparkConf conf) {
        Limits limits = limits(conf);
        String options = conf.get("spark.executor.extraJavaOptions", "");
        boolean own = options.contains(MAX_BYTES) || options.contains(MAX_PHYSICAL_BYTES);
        if (!own) {
            conf.set("spark.executor.extraJavaOptions", (options + " " + limits.javaOptions()).trim());
        }
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", String.valueOf(limits.ompThreads()));
        LOG.info("Executor memory: heap {} MiB; native (JavaCPP) up to {} MiB, whole process up to {} MiB{}; "
                        + "OpenMP threads per executor task: {}", limits.heapMiB(), limits.overheadMiB(),
                limits.heapMiB() + limits.overheadMiB(), own ? " (your own javacpp limits in "
                        + "spark.executor.extraJavaOptions take precedence)" : "",
                conf.get("spark.executorEnv.OMP_NUM_THREADS"));
    }
}
