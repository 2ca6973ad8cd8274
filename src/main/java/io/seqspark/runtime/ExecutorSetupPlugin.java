package io.seqspark.runtime;

import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Runs once in every executor JVM as it starts (spark.plugins): logs the native-memory limits and thread settings
 * that executor actually got, so a user reading executor logs sees what ND4J may use.
 */
public final class ExecutorSetupPlugin implements SparkPlugin {
    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext ctx, Map<String, String> extraConf) {
                Logger log = LoggerFactory.getLogger(ExecutorSetupPlugin.class);
                log.info("seqspark executor {}: heap up to {} MiB; JavaCPP native memory up to {} MiB, process up "
                                + "to {} MiB; OMP_NUM_THREADS={}; {} cores visible", ctx.executorID(),
                        Runtime.getRuntime().maxMemory() >> 20, Pointer.maxBytes() >> 20,
                        Pointer.maxPhysicalBytes() >> 20, System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                        Runtime.getRuntime().availableProcessors());
            }
        };
    }
}
