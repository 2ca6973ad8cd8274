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

    /**
     * Whether a layer's pass can run the fused kernels: the standard cell (FLOAT, sigmoid gates, tanh activation)
     * in a JVM where they are {@link #available()}.
     */
    static boolean cover(org.nd4j.linalg.api.buffer.DataType dt, org.nd4j.linalg.activations.IActivation act,
                         org.nd4j.linalg.activations.IActivation gate) {
        return dt == org.nd4j.linalg.api.buffer.DataType.FLOAT
                && gate instanceof org.nd4j.linalg.activations.impl.ActivationSigmoid
                && act instanceof org.nd4j.linalg.activations.impl.ActivationTanH && available();
    }

    /** True when the fused kernels may be used now (read on every call, so tests can switch them per network). */
    public static boolean available() {
        return MODULE && !"false".equals(System.getProperty(PROPERTY));
    }
}
