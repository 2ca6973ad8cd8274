package io.seqspark.models.layers;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Orthogonal weight initialisation (Saxe et al., 2014), the usual choice for recurrent matrices: a Gaussian
 * matrix orthonormalised by modified Gram-Schmidt, times {@code gain}. For a non-square shape the smaller side
 * is orthonormal.
 */
public class OrthogonalInit implements IWeightInit {
    private double gain = 1.0;

    public OrthogonalInit() {
    }

    public OrthogonalInit(double gain) {
        this.gain = gain;
    }

    public double getGain() {
        return gain;
    }

    public void setGain(double gain) {
        this.gain = gain;
    }

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        boolean transpose = rows < cols;
        int n = transpose ? cols : rows;   // vectors of length n
        int k = transpose ? rows : cols;   // k <= n orthonormal vectors
        double[][] q = new double[k][n];
        INDArray gaussian = Nd4j.randn(DataType.DOUBLE, k, n);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                q[i][j] = gaussian.getDouble(i, j);
            }
            for (int p = 0; p < i; p++) {
                double dot = 0;
                for (int j = 0; j < n; j++) {
                    dot += q[i][j] * q[p][j];
                }
                for (int j = 0; j < n; j++) {
                    q[i][j] -= dot * q[p][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < n; j++) {
                norm += q[i][j] * q[i][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < n; j++) {
                q[i][j] /= norm;
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                // columns of the result are the q vectors when rows >= cols, rows of it otherwise
                paramView.putScalar(new long[]{r, c}, gain * (transpose ? q[r][c] : q[c][r]));
            }
        }
        return paramView;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrthogonalInit other && other.gain == gain;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(gain);
    }

    @Override
    public String toString() {
        return "OrthogonalInit(gain=" + gain + ")";
    }
}
