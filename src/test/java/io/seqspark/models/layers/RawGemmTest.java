package io.seqspark.models.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RawGemm against ND4J's gemm: every transpose, c- and f-order operands and results, row blocks of a taller array. */
class RawGemmTest {
    private static INDArray rand(char order, long rows, long cols) {
        return Nd4j.rand(DataType.FLOAT, rows, cols).dup(order);
    }

    @Test
    void agreesWithNd4jForEveryLayoutAndTranspose() {
        Nd4j.getRandom().setSeed(3);
        long m = 5;
        long k = 7;
        long n = 3;
        for (char ao : new char[]{'c', 'f'}) {
            for (char bo : new char[]{'c', 'f'}) {
                for (char co : new char[]{'c', 'f'}) {
                    for (boolean ta : new boolean[]{false, true}) {
                        for (boolean tb : new boolean[]{false, true}) {
                            INDArray a = ta ? rand(ao, k, m) : rand(ao, m, k);
                            INDArray b = tb ? rand(bo, n, k) : rand(bo, k, n);
                            INDArray c = rand(co, m, n);
                            INDArray expected = c.dup();
                            Nd4j.gemm(a, b, expected, ta, tb, 0.5, 2.0);
                            RawGemm.gemm(RawGemm.Matrix.of(a), ta, RawGemm.Matrix.of(b), tb, 0.5f, 2f,
                                    RawGemm.Matrix.of(c));
                            String what = ao + "" + bo + co + " ta=" + ta + " tb=" + tb;
                            assertTrue(expected.equalsWithEps(c, 1e-5), what + ": " + expected + " vs " + c);
                        }
                    }
                }
            }
        }
    }

    @Test
    void rowBlocksOfATimeMajorArrayAreItsSteps() {
        Nd4j.getRandom().setSeed(4);
        long steps = 4;
        long m = 3;
        INDArray states = rand('c', steps * m, 6);
        INDArray w = rand('f', 6, 8);
        INDArray out = Nd4j.zeros(DataType.FLOAT, steps * m, 8);
        RawGemm.Matrix s = RawGemm.Matrix.of(states);
        RawGemm.Matrix o = RawGemm.Matrix.of(out);
        for (long t = 0; t < steps; t++) {
            RawGemm.gemm(s.rows(t * m, m), false, RawGemm.Matrix.of(w), false, 1f, 0f, o.rows(t * m, m));
        }
        assertTrue(states.mmul(w).equalsWithEps(out, 1e-5));
        // A view inside a larger array starts at its offset.
        INDArray block = states.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(m, 2 * m),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray c = Nd4j.zeros(DataType.FLOAT, m, 8);
        RawGemm.gemm(RawGemm.Matrix.of(block), false, RawGemm.Matrix.of(w), false, 1f, 0f, RawGemm.Matrix.of(c));
        assertTrue(block.mmul(w).equalsWithEps(c, 1e-5));
    }

    @Test
    void refusesWhatItCannotAddress() {
        INDArray a = rand('c', 4, 4);
        assertThrows(IllegalArgumentException.class, () -> RawGemm.Matrix.of(a.castTo(DataType.DOUBLE)));
        assertThrows(IllegalArgumentException.class, () -> RawGemm.Matrix.of(Nd4j.rand(DataType.FLOAT, 2, 3, 4)));
        RawGemm.Matrix m = RawGemm.Matrix.of(a);
        assertThrows(IllegalArgumentException.class, () -> m.rows(3, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RawGemm.gemm(m, false, RawGemm.Matrix.of(rand('c', 3, 4)), false, 1f, 0f, m));
        assertTrue(e.getMessage().contains("gemm shapes"), e.getMessage());
        assertEquals(4, m.ld());
    }
}
