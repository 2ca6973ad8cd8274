package io.seqspark.vectorize;

import java.io.Serializable;

/**
 * One sequence ready for vectorization: its steps in time order, {@code steps[t][f]}.
 *
 * @param label the raw label value, or null when unlabelled
 */
public record LabeledSequence(String id, String label, float[][] steps) implements Serializable {
    public int length() {
        return steps.length;
    }
}
