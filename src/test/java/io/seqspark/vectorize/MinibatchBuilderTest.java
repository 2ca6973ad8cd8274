package io.seqspark.vectorize;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MinibatchBuilderTest {
    private static final LabelIndex LABELS = new LabelIndex(List.of("a", "b", "c"), List.of(1L, 1L, 1L));
    private static final FeatureScaler SHIFT_BY_ONE = new FeatureScaler("standard", new double[]{1, 0},
            new double[]{1, 2});

    @Test
    void padsAtTheEndWithAMaskAndScales() {
        LabeledSequence longer = new LabeledSequence("s1", "c", new float[][]{{1, 2}, {2, 4}, {3, 6}});
        LabeledSequence shorter = new LabeledSequence("s2", "a", new float[][]{{5, 10}});
        DataSet ds = MinibatchBuilder.toDataSet(List.of(longer, shorter), LABELS, SHIFT_BY_ONE);

        assertArrayEquals(new long[]{2, 2, 3}, ds.getFeatures().shape(), "NCW: [batch, features, time]");
        // feature 0 is x - 1, feature 1 is x / 2
        assertArrayEquals(new float[]{0, 1, 2}, series(ds, 0, 0));
        assertArrayEquals(new float[]{1, 2, 3}, series(ds, 0, 1));
        assertArrayEquals(new float[]{4, 0, 0}, series(ds, 1, 0), "zero padding after the last real step");
        assertArrayEquals(new float[]{5, 0, 0}, series(ds, 1, 1));
        assertArrayEquals(new float[]{1, 1, 1, 1, 0, 0}, ds.getFeaturesMaskArray().reshape(6).toFloatVector());
        assertArrayEquals(new float[]{0, 0, 1, 1, 0, 0}, ds.getLabels().reshape(6).toFloatVector());
    }

    private static float[] series(DataSet ds, int example, int feature) {
        long steps = ds.getFeatures().size(2);
        float[] out = new float[(int) steps];
        for (int t = 0; t < steps; t++) {
            out[t] = ds.getFeatures().getFloat(example, feature, t);
        }
        return out;
    }

    @Test
    void noMaskWhenAllLengthsAreEqual() {
        LabeledSequence s1 = new LabeledSequence("s1", "b", new float[][]{{1, 2}, {2, 4}});
        LabeledSequence s2 = new LabeledSequence("s2", "a", new float[][]{{5, 10}, {6, 12}});
        DataSet ds = MinibatchBuilder.toDataSet(List.of(s1, s2), LABELS, SHIFT_BY_ONE);
        assertNull(ds.getFeaturesMaskArray());
        assertEquals(2, ds.numExamples());
    }

    @Test
    void unknownLabelIsRejected() {
        LabeledSequence s = new LabeledSequence("s9", "zzz", new float[][]{{1, 2}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MinibatchBuilder.toDataSet(List.of(s), LABELS, SHIFT_BY_ONE));
        assertEquals("label 'zzz' of sequence s9 is not one of the training labels [a, b, c]", e.getMessage());
    }
}
