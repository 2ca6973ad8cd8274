package io.seqspark.training;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The cached minibatch bytes: every array, mask and shape comes back equal, in either format. */
class MinibatchCodecTest {

    private static void assertSame(INDArray expected, INDArray actual) {
        if (expected == null) {
            assertNull(actual);
            return;
        }
        assertArrayEquals(expected.shape(), actual.shape());
        assertEquals(expected.dataType(), actual.dataType());
        assertEquals(expected, actual);
    }

    private static DataSet roundTrip(DataSet batch, int format) {
        byte[] bytes = MinibatchCodec.encode(batch);
        assertEquals(format, bytes[0], "format tag");
        DataSet back = MinibatchCodec.decode(bytes);
        assertSame(batch.getFeatures(), back.getFeatures());
        assertSame(batch.getLabels(), back.getLabels());
        assertSame(batch.getFeaturesMaskArray(), back.getFeaturesMaskArray());
        assertSame(batch.getLabelsMaskArray(), back.getLabelsMaskArray());
        return back;
    }

    @Test
    void floatSequencesWithMasksComeBackEqual() {
        Nd4j.getRandom().setSeed(3);
        INDArray features = Nd4j.rand(DataType.FLOAT, 4, 3, 7);
        INDArray labels = Nd4j.rand(DataType.FLOAT, 4, 2, 7);
        INDArray mask = Nd4j.ones(DataType.FLOAT, 4, 7);
        mask.putScalar(new long[]{1, 6}, 0);
        roundTrip(new DataSet(features, labels, mask, mask.dup()), 1);
        roundTrip(new DataSet(features, Nd4j.rand(DataType.FLOAT, 4, 5), null, null), 1);
    }

    @Test
    void viewsAndFortranOrderAreWrittenAsTheirValues() {
        INDArray big = Nd4j.linspace(1, 120, 120, DataType.FLOAT).reshape(8, 15);
        INDArray view = big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.interval(3, 9));
        INDArray fortran = Nd4j.rand(DataType.FLOAT, 'f', 3, 4);
        DataSet back = roundTrip(new DataSet(view, fortran), 1);
        assertEquals(big.getFloat(2, 3), back.getFeatures().getFloat(0, 0));
    }

    @Test
    void otherDataTypesKeepNd4jsFormat() {
        roundTrip(new DataSet(Nd4j.rand(DataType.DOUBLE, 2, 3, 4), Nd4j.rand(DataType.DOUBLE, 2, 5)), 0);
    }
}
