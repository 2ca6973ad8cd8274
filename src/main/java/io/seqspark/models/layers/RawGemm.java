package io.seqspark.models.layers;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fused kernels' per-step gemms straight into the BLAS that ND4J itself calls ({@code cblas_sgemm} of the
 * OpenBLAS JavaCPP preset), on row blocks of time-major arrays addressed by pointer arithmetic.
 *
 * <p>Why: {@code Nd4j.gemm} on a per-step block costs a view (native shape information, a JavaCPP allocation that
 * checks the process's physical memory each time) and a libnd4j custom-op context (more native allocations) per
 * call, about 20 us, which is several times the gemm itself for small layers (LSTM-32 on a minibatch of 32: about
 * 3 us of arithmetic) and a global lock that two workers in one executor contend for. Here a gemm allocates
 * nothing native.
 */
final class RawGemm {
    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private RawGemm() {
    }

    /**
     * A FLOAT matrix in memory: {@code rows x cols}, row {@code i} starting {@code i * ld} floats after
     * {@code address}; {@code transposed} when the memory holds it column by column (an 'f'-order array).
     */
    record Matrix(long address, long rows, long cols, long ld, boolean transposed) {
        /**
         * @throws IllegalArgumentException unless {@code a} is a 2-D FLOAT array whose rows or columns are
         *                                  contiguous
         */
        static Matrix of(INDArray a) {
            if (a.dataType() != DataType.FLOAT || a.rank() != 2) {
                throw new IllegalArgumentException("a raw gemm needs a 2-D FLOAT array, got " + a.shapeInfoToString());
            }
            long address = a.data().address() + a.offset() * 4L;
            long rows = a.size(0);
            long cols = a.size(1);
            if (a.stride(1) == 1 || cols == 1) {
                return new Matrix(address, rows, cols, Math.max(a.stride(0), cols), false);
            }
            if (a.stride(0) == 1 || rows == 1) {
                return new Matrix(address, rows, cols, Math.max(a.stride(1), rows), true);
            }
            throw new IllegalArgumentException("a raw gemm needs contiguous rows or columns, got "
                    + a.shapeInfoToString());
        }

        /** Rows {@code [from, from + count)} of a row-major matrix: step t of a time-major [T·m, k] array. */
        Matrix rows(long from, long count) {
            if (transposed || from < 0 || from + count > rows) {
                throw new IllegalArgumentException("rows " + from + "+" + count + " of " + this);
            }
            return new Matrix(address + from * ld * 4L, count, cols, ld, false);
        }

        /** The number of rows of op(this). */
        long rows(boolean op) {
            return op ? cols : rows;
        }

        long cols(boolean op) {
            return op ? rows : cols;
        }
    }

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c}, op transposing where asked.
     *
     * @throws IllegalArgumentException when the shapes do not agree
     */
    static void gemm(Matrix a, boolean transA, Matrix b, boolean transB, float alpha, float beta, Matrix c) {
        long m = a.rows(transA);
        long k = a.cols(transA);
        long n = b.cols(transB);
        if (b.rows(transB) != k || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shapes: op(a) " + m + "x" + k + ", op(b) " + b.rows(transB)
                    + "x" + n + ", c " + c.rows() + "x" + c.cols());
        }
        if (c.transposed()) {
            // c is stored column by column: write its transpose, op(b)^T op(a)^T, row by row.
            sgemm(b, !transB, a, !transA, n, m, k, alpha, beta, c);
        } else {
            sgemm(a, transA, b, transB, m, n, k, alpha, beta, c);
        }
    }

    /** Row-major cblas_sgemm; a column-major operand is the row-major storage of its transpose (flip its op). */
    private static void sgemm(Matrix a, boolean transA, Matrix b, boolean transB, long m, long n, long k,
                              float alpha, float beta, Matrix c) {
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA != a.transposed() ? TRANS : NO_TRANS,
                transB != b.transposed() ? TRANS : NO_TRANS, (int) m, (int) n, (int) k, alpha,
                pointer(a.address()), (int) a.ld(), pointer(b.address()), (int) b.ld(), beta,
                pointer(c.address()), (int) c.ld());
    }

    /** A pointer object at {@code address} that owns nothing (no native allocation, no deallocator). */
    private static FloatPointer pointer(long at) {
        // Not named "address": inside the subclass that name is Pointer's own field, not this parameter.
        return new FloatPointer() {
            {
                address = at;
            }
        };
    }
}
