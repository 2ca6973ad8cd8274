package io.seqspark.models.layers;

import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.dropout.SpatialDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Objects;

/**
 * DL4J's {@link Dropout} (a new mask per element) or {@link SpatialDropout} (one mask per example and feature, the
 * same at every time step: variational dropout for recurrent inputs), with the mask kept per thread.
 *
 * <p>DL4J keeps the mask of the last forward pass in the dropout object, which belongs to the layer configuration,
 * and {@code MultiLayerConfiguration.clone()} copies layers shallowly: every Spark worker network built from the
 * broadcast configuration in one executor JVM (local[n], or an executor with several cores) shares one dropout
 * object, so one worker's forward pass replaced another's mask before its backprop ("Dropout mask array is absent",
 * or silently the wrong mask). A worker fits on one thread, so a mask per thread is the worker's own.
 */
public class PerThreadDropout implements IDropout {
    private static final long serialVersionUID = 1L;

    /** DL4J's convention: the probability of keeping an activation. */
    private double p;
    private boolean spatial;
    private transient ThreadLocal<IDropout> perThread;

    /** For JSON. */
    public PerThreadDropout() {
    }

    /**
     * @param retain  probability of keeping an activation (DL4J's p)
     * @param spatial SpatialDropout (one mask per example and feature for all steps) instead of Dropout
     */
    public PerThreadDropout(double retain, boolean spatial) {
        this.p = retain;
        this.spatial = spatial;
    }

    private IDropout mine() {
        if (perThread == null) {
            synchronized (this) {
                if (perThread == null) {
                    perThread = ThreadLocal.withInitial(() -> spatial ? new SpatialDropout(p) : new Dropout(p));
                }
            }
        }
        return perThread.get();
    }

    @Override
    public INDArray applyDropout(INDArray input, INDArray output, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        return mine().applyDropout(input, output, iteration, epoch, workspaceMgr);
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        return mine().backprop(gradAtOutput, gradAtInput, iteration, epoch);
    }

    @Override
    public void clear() {
        mine().clear();
    }

    @Override
    public IDropout clone() {
        return new PerThreadDropout(p, spatial);
    }

    public double getP() {
        return p;
    }

    public void setP(double p) {
        this.p = p;
    }

    public boolean isSpatial() {
        return spatial;
    }

    public void setSpatial(boolean spatial) {
        this.spatial = spatial;
    }

    // Value equality: a worker compares its kept network's configuration with the broadcast one.
    @Override
    public boolean equals(Object o) {
        return o instanceof PerThreadDropout d && d.p == p && d.spatial == spatial;
    }

    @Override
    public int hashCode() {
        return Objects.hash(p, spatial);
    }

    @Override
    public String toString() {
        return (spatial ? "SpatialDropout" : "Dropout") + "(p=" + p + ", per thread)";
    }
}
