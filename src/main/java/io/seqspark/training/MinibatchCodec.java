package io.seqspark.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes a cached worker shard holds per minibatch, read again in every averaging round.
 *
 * <p>Why not only ND4J's {@code DataSet.save}/{@code load}: {@code load} reads every value through a
 * {@code DataInputStream} ({@code readFloat}, four synchronized single-byte reads each), which took about 12% of a
 * small forecaster's worker time in {@code local[2]} (JFR), a cost the single-process engine, which deserializes
 * its minibatches once, never pays. Minibatches of float arrays (all that seqspark builds) are written here as
 * shape and values and read with one bulk copy per array into {@code Nd4j.create}; anything else (another data
 * type) keeps ND4J's format, marked by the first byte.
 *
 * <p>Layout of the float format, native byte order: the tag byte, then for features, labels, features mask and
 * labels mask each a presence byte and, when present, the rank (int), the shape (longs) and the values in C order.
 */
final class MinibatchCodec {
    private static final byte ND4J = 0;
    private static final byte FLOATS = 1;

    private MinibatchCodec() {
    }

    static byte[] encode(DataSet batch) {
        INDArray[] arrays = {batch.getFeatures(), batch.getLabels(), batch.getFeaturesMaskArray(),
                batch.getLabelsMaskArray()};
        int size = 1;
        for (int i = 0; i < arrays.length; i++) {
            INDArray a = arrays[i];
            if (a == null) {
                size += 1;
                continue;
            }
            if (a.dataType() != DataType.FLOAT) {
                return nd4j(batch);
            }
            // A view or another ordering: its buffer is not the array's values in C order.
            if (a.isView() || a.ordering() != 'c' || a.data().length() != a.length()) {
                arrays[i] = a.dup('c');
            }
            size += 1 + 4 + 8 * a.rank() + 4 * (int) a.length();
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
        out.put(FLOATS);
        for (INDArray a : arrays) {
            out.put((byte) (a == null ? 0 : 1));
            if (a == null) {
                continue;
            }
            long[] shape = a.shape();
            out.putInt(shape.length);
            for (long d : shape) {
                out.putLong(d);
            }
            float[] values = a.data().asFloat();
            out.asFloatBuffer().put(values);
            out.position(out.position() + 4 * values.length);
        }
        return out.array();
    }

    static DataSet decode(byte[] bytes) {
        if (bytes[0] == ND4J) {
            DataSet batch = new DataSet();
            batch.load(new ByteArrayInputStream(bytes, 1, bytes.length - 1));
            return batch;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        in.position(1);
        INDArray[] arrays = new INDArray[4];
        for (int i = 0; i < arrays.length; i++) {
            if (in.get() == 0) {
                continue;
            }
            long[] shape = new long[in.getInt()];
            long length = 1;
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.getLong();
                length *= shape[d];
            }
            float[] values = new float[(int) length];
            in.asFloatBuffer().get(values);
            in.position(in.position() + 4 * values.length);
            arrays[i] = Nd4j.create(values, shape, 'c');
        }
        return new DataSet(arrays[0], arrays[1], arrays[2], arrays[3]);
    }

    private static byte[] nd4j(DataSet batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(ND4J);
        batch.save(bytes);
        return bytes.toByteArray();
    }
}
