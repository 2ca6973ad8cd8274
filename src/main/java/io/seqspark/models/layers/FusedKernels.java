package io.seqspark.models.layers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the fused Vector API kernels ({@link VectorLstmKernel}) can run in this JVM: {@code jdk.incubator.vector}
 * must be in the boot layer ({@code --add-modules=jdk.incubator.vector}, which jobs/java17.args gives every JVM that
 * seqspark starts: drivers, executors, tests, the notebook kernel). {@code -Dseqspark.fused-kernels=false} turns them
 * off (the benchmark's "before" and the equivalence test's reference).
 */
public final class FusedKernels {
    public static final String PROPERTY = "seqspark.fused-kernels";
    private static final Logger LOG = LoggerFactory.getLogger(FusedKernels.class);
    private static final boolean MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    static {
        if (!MODULE) {
            LOG.info("jdk.incubator.vector is not in this JVM (--add-modules=jdk.incubator.vector): recurrent layers "
                    + "run their element-wise math as separate ND4J operations (slower)");
        }
    }

    private FusedKernels() {
    }

    /** True when the fused kernels may be used now (read on every call, so tests can switch them per network). */
    public static boolean available() {
        return MODULE && !"false".equals(System.getProperty(PROPERTY));
    }
}
