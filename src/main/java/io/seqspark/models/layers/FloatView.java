package io.seqspark.models.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.bytedeco.javacpp.BytePointer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A direct view of an array's memory, indexed in floats from the array's first element. It holds the array, so the
 * memory stays allocated while the view is in use (an array outside a workspace is freed when collected).
 */
final class FloatView {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    final ByteBuffer bytes;
    private final INDArray owner;

    /** @throws IllegalArgumentException unless {@code a} is a whole c-order FLOAT array (not a view into another) */
    FloatView(INDArray a) {
        if (a.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT || a.ordering() != 'c' || a.offset() != 0
                || a.data().length() < a.length()) {
            throw new IllegalArgumentException("a direct view needs a whole c-order FLOAT array, got "
                    + a.shapeInfoToString());
        }
        this.owner = a;
        long first = a.data().address();
        long length = a.length();
        this.bytes = new BytePointer() { { address = first; limit = length * 4L; capacity = length * 4L; } }
                .asByteBuffer().order(ORDER);
    }

    FloatVector load(long index) {
        return FloatVector.fromByteBuffer(S, bytes, (int) (index * 4), ORDER);
    }

    void store(FloatVector v, long index) {
        v.intoByteBuffer(bytes, (int) (index * 4), ORDER);
    }

    float get(long index) {
        return bytes.getFloat((int) (index * 4));
    }

    void put(long index, float v) {
        bytes.putFloat((int) (index * 4), v);
    }
}
