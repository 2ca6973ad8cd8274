package io.seqspark.sources;

import io.seqspark.UserError;
import io.seqspark.storage.Storage;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * MNIST-format (IDX) files, gzip-compressed or raw, as a DataFrame with one row per image: {@code id} (its index),
 * {@code label} and {@code pixels} (the image flattened row by row, values 0-255). The small label file is read
 * on the driver; the image file is decoded on an executor.
 */
public final class IdxSource {
    public static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("label", DataTypes.StringType, false)
            .add("pixels", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    private static final int IMAGES_MAGIC = 2051;
    private static final int LABELS_MAGIC = 2049;

    private IdxSource() {
    }

    /**
     * @param imagesKey the config key naming the image file, and labelsKey the label file's, for error messages
     */
    public static Dataset<Row> read(SparkSession spark, String imagesKey, String imagesPath, String labelsKey,
                                    String labelsPath) {
        byte[] labels = readLabels(labelsKey, labelsPath);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> labelsBroadcast = jsc.broadcast(labels);
        String where = imagesKey + " = " + imagesPath;
        JavaRDD<Row> rows = jsc.binaryFiles(imagesPath, 1).values()
                .flatMap(stream -> decodeImages(stream, labelsBroadcast.value(), where, labelsPath).iterator());
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static byte[] readLabels(String key, String path) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(maybeGunzip(Storage.open(path))))) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new UserError(key + " = " + path + ": not an IDX label file (magic number " + magic
                        + ", expected " + LABELS_MAGIC + ")");
            }
            byte[] labels = new byte[in.readInt()];
            in.readFully(labels);
            return labels;
        } catch (java.io.FileNotFoundException e) {
            throw new UserError(key + " = " + path + ": no such file");
        } catch (IOException e) {
            throw new UserError(key + " = " + path + ": cannot read it as an IDX label file (" + e.getMessage() + ")");
        }
    }

    private static List<Row> decodeImages(PortableDataStream stream, byte[] labels, String where, String labelsPath)
            throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(maybeGunzip(stream.open())))) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new UserError(where + ": not an IDX image file (magic number " + magic + ", expected "
                        + IMAGES_MAGIC + ")");
            }
            int count = in.readInt();
            int size = in.readInt() * in.readInt();
            if (count != labels.length) {
                throw new UserError(where + ": " + count + " images, but " + labelsPath + " has " + labels.length
                        + " labels; expected one label per image");
            }
            List<Row> rows = new ArrayList<>(count);
            byte[] image = new byte[size];
            for (int i = 0; i < count; i++) {
                in.readFully(image);
                Double[] pixels = new Double[size];
                for (int p = 0; p < size; p++) {
                    pixels[p] = (double) (image[p] & 0xFF);
                }
                rows.add(RowFactory.create((long) i, String.valueOf(labels[i] & 0xFF), pixels));
            }
            return rows;
        } catch (java.io.EOFException e) {
            throw new UserError(where + ": the file ends early (truncated IDX file)");
        }
    }

    /** Decompresses when the stream starts with the gzip magic bytes, so .gz and raw files both work. */
    static InputStream maybeGunzip(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
