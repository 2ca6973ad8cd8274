package io.seqspark.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;

/**
 * The machine's practical compute roof for one thread: ND4J's sgemm (n x n times n x n, float) with as many
 * OpenMP threads as OMP_NUM_THREADS allows, best of 5 timed rounds per size. Prints one line,
 * {@code sgemm_gflops=<best over sizes>}. Used by jobs/bench/harness; run with OMP_NUM_THREADS=1 for the
 * single-core roof.
 */
public final class SgemmRoof {
    private SgemmRoof() {
    }

    public static void main(String[] args) {
        double best = 0;
        for (int n : new int[]{512, 1024, 2048}) {
            INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
            INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
            INDArray c = Nd4j.create(DataType.FLOAT, n, n);
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            int reps = Math.max(1, (int) (4e9 / (2.0 * n * n * n)));
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                best = Math.max(best, 2.0 * n * n * n * reps / seconds / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "sgemm_gflops=%.2f%n", best);
    }
}
