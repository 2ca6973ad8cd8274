package io.seqspark.runtime;

import io.seqspark.config.JobConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Builds the SparkSession for a job, with the settings executors need to run DL4J on Java 17. */
public final class SparkSessions {
    /** dl4j-spark's default NTP time source fails without internet access; the system clock is enough. */
    public static final String TIME_SOURCE_PROPERTY = "org.deeplearning4j.spark.time.TimeSource";
    public static final String SYSTEM_CLOCK = "org.deeplearning4j.spark.time.SystemClockTimeSource";
    static final String LOOPBACK = "127.0.0.1";
    private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

    private SparkSessions() {
    }

    public static SparkSession start(JobConfig config) {
        System.setProperty(TIME_SOURCE_PROPERTY, SYSTEM_CLOCK);
        SparkConf conf = new SparkConf()
                .setAppName("seqspark " + config.job().name())
                .setMaster(config.spark().master());
        for (Map.Entry<String, String> e : config.spark().conf().entrySet()) {
            conf.set(e.getKey(), e.getValue());
        }
        applyDefaults(conf);
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        if (!conf.contains("spark.sql.shuffle.partitions")) {
            // Spark's fixed 200 shuffle partitions cost seconds of task overhead per stage on small clusters;
            // scale with the cores actually there (AQE still coalesces small ones).
            int partitions = Math.max(8, 2 * spark.sparkContext().defaultParallelism());
            spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(partitions));
        }
        LOG.info("Spark {} master={} defaultParallelism={}", spark.version(), spark.sparkContext().master(),
                spark.sparkContext().defaultParallelism());
        return spark;
    }

    static void applyDefaults(SparkConf conf) {
        // Executors are separate JVMs: they need the Java 17 flags and the offline time source too. A user's own
        // options are kept and come after ours.
        String ours = java17Flags() + " -D" + TIME_SOURCE_PROPERTY + "=" + SYSTEM_CLOCK;
        String user = conf.get("spark.executor.extraJavaOptions", "");
        if (!user.contains("--add-opens=java.base/sun.nio.ch")) {
            conf.set("spark.executor.extraJavaOptions", (ours + " " + user).trim());
        }
        String plugins = conf.get("spark.plugins", "");
        if (!plugins.contains(ExecutorSetupPlugin.class.getName())) {
            conf.set("spark.plugins", plugins.isEmpty() ? ExecutorSetupPlugin.class.getName()
                    : plugins + "," + ExecutorSetupPlugin.class.getName());
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        String master = conf.get("spark.master", "");
        if (master.startsWith("spark://127.0.0.1") || master.startsWith("spark://localhost")) {
            // A loopback cluster can only reach a driver that listens on loopback.
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
        }
        if (!master.startsWith("local")) {
            // In local mode the tasks share the driver JVM, whose limits the launcher (or JVM options) decide.
            NativeMemory.apply(conf);
            shipApplicationJar(conf);
        } else {
            conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", conf.get("spark.task.cpus", "1"));
            listenOnLoopback(conf);
        }
    }

    /**
     * A local run serves no one else: its driver RPC and block manager listen on loopback, and the web UI, which
     * Spark always binds to every interface (0.0.0.0, or $SPARK_LOCAL_IP) without authentication, is off. Values
     * from the job's spark.conf win.
     */
    private static void listenOnLoopback(SparkConf conf) {
        conf.setIfMissing("spark.driver.bindAddress", LOOPBACK);
        conf.setIfMissing("spark.driver.host", LOOPBACK);
        conf.setIfMissing("spark.ui.enabled", "false");
        if (conf.getBoolean("spark.ui.enabled", false)) {
            String localIp = System.getenv("SPARK_LOCAL_IP");
            LOG.warn("spark.ui.enabled = true: the Spark UI listens on {} without authentication (Spark binds it to "
                    + "$SPARK_LOCAL_IP or every interface; export SPARK_LOCAL_IP=127.0.0.1 to keep it local)",
                    localIp == null ? "every interface" : localIp);
        }
    }

    /** When the driver runs from the seqspark jar (not under spark-submit), executors need that jar too. */
    private static void shipApplicationJar(SparkConf conf) {
        try {
            Path self = Path.of(SparkSessions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!self.toString().endsWith(".jar")) {
                // Running from a classes folder (tests, an IDE): -Dseqspark.jar names the packaged jar to ship.
                String packaged = System.getProperty("seqspark.jar");
                if (packaged == null || !Files.isRegularFile(Path.of(packaged))) {
                    LOG.warn("seqspark classes are not in a jar ({}) and -Dseqspark.jar names none; executors must "
                            + "already have them", self);
                    return;
                }
                self = Path.of(packaged).toAbsolutePath();
            }
            String jars = conf.get("spark.jars", "");
            if (!jars.contains(self.getFileName().toString())) {
                conf.set("spark.jars", jars.isEmpty() ? self.toString() : jars + "," + self);
            }
        } catch (URISyntaxException | RuntimeException e) {
            LOG.warn("Cannot locate the seqspark jar to ship to executors: {}", e.toString());
        }
    }

    /** The Java 17 --add-opens flags, from the single copy in jobs/java17.args (packaged as a resource). */
    public static String java17Flags() {
        try (InputStream in = SparkSessions.class.getClassLoader().getResourceAsStream("seqspark/java17.args")) {
            if (in == null) {
                throw new IllegalStateException("resource seqspark/java17.args missing from the seqspark jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().replaceAll("\\s+", " ");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read seqspark/java17.args", e);
        }
    }
}
