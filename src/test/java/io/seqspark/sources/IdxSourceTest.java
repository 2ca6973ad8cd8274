package io.seqspark.sources;

import io.seqspark.SparkTestSupport;
import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.config.Missing;
import io.seqspark.config.Scaling;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.SequenceAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IDX files (gzip and raw) into a DataFrame, and flat arrays into row-by-row sequences. */
class IdxSourceTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSupport.localSpark();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Three 2x3 images whose pixel p of image i is 10 * i + p; labels 7, 0, 255. */
    private static void write(Path images, Path labels, boolean gzip, int labelCount) throws IOException {
        try (DataOutputStream out = new DataOutputStream(open(images, gzip))) {
            out.writeInt(2051);
            out.writeInt(3);
            out.writeInt(2);
            out.writeInt(3);
            for (int i = 0; i < 3; i++) {
                for (int p = 0; p < 6; p++) {
                    out.writeByte(10 * i + p);
                }
            }
        }
        try (DataOutputStream out = new DataOutputStream(open(labels, gzip))) {
            out.writeInt(2049);
            out.writeInt(labelCount);
            int[] values = {7, 0, 255, 1};
            for (int i = 0; i < labelCount; i++) {
                out.writeByte(values[i]);
            }
        }
    }

    private static OutputStream open(Path p, boolean gzip) throws IOException {
        OutputStream out = new FileOutputStream(p.toFile());
        return gzip ? new GZIPOutputStream(out) : out;
    }

    @Test
    void readsGzipAndRawFilesAndReshapesRowByRow(@TempDir Path dir) throws IOException {
        for (boolean gzip : new boolean[]{true, false}) {
            Path images = dir.resolve("images-" + gzip);
            Path labels = dir.resolve("labels-" + gzip);
            write(images, labels, gzip, 3);
            Dataset<Row> df = IdxSource.read(spark, "data.path", images.toString(), "data.labels-path",
                    labels.toString());
            List<Row> rows = df.orderBy("id").collectAsList();
            assertEquals(3, rows.size());
            assertEquals("255", rows.get(2).getString(1), "unsigned bytes");
            assertEquals(List.of(10.0, 11.0, 12.0, 13.0, 14.0, 15.0), rows.get(1).getList(2));

            JobConfig.SequenceSpec spec = new JobConfig.SequenceSpec("id", null, List.of(), "label", Scaling.NONE,
                    "pixels", 2, 3, Missing.ERROR);
            List<LabeledSequence> seqs = SequenceAssembler.toSequences(SequenceAssembler.assemble(df, spec, "idx"))
                    .collect().stream().sorted(Comparator.comparing(LabeledSequence::id)).toList();
            LabeledSequence second = seqs.get(1);
            assertEquals("0", second.label());
            assertEquals(2, second.length(), "2 steps (image rows) of 3 features (pixels)");
            assertArrayEquals(new float[]{10, 11, 12}, second.steps()[0]);
            assertArrayEquals(new float[]{13, 14, 15}, second.steps()[1]);
        }
    }

    @Test
    void wrongShapeIsReportedWithTheColumn(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("images");
        Path labels = dir.resolve("labels");
        write(images, labels, false, 3);
        Dataset<Row> df = IdxSource.read(spark, "data.path", images.toString(), "data.labels-path", labels.toString());
        JobConfig.SequenceSpec spec = new JobConfig.SequenceSpec("id", null, List.of(), "label", Scaling.NONE,
                "pixels", 28, 28, Missing.ERROR);
        UserError e = assertThrows(UserError.class, () -> SequenceAssembler.assemble(df, spec, "the idx files"));
        assertTrue(e.getMessage().startsWith("column 'pixels' in the idx files: 3 row(s) without exactly "
                + "sequence.steps x sequence.features-per-step = 28 x 28 = 784 finite numbers"), e.getMessage());
    }

    @Test
    void labelCountMustMatch(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("images");
        Path labels = dir.resolve("labels");
        write(images, labels, true, 4);
        Exception e = assertThrows(Exception.class, () -> IdxSource.read(spark, "data.path", images.toString(),
                "data.labels-path", labels.toString()).count());
        assertTrue(io.seqspark.cli.MainAccess.userMessage(e).contains("3 images, but " + labels + " has 4 labels"),
                io.seqspark.cli.MainAccess.userMessage(e));
    }

    @Test
    void swappedFilesAreNamed(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("images");
        Path labels = dir.resolve("labels");
        write(images, labels, true, 3);
        UserError e = assertThrows(UserError.class, () -> IdxSource.read(spark, "data.path", labels.toString(),
                "data.labels-path", images.toString()));
        assertEquals("data.labels-path = " + images + ": not an IDX label file (magic number 2051, expected 2049)",
                e.getMessage());
    }

    /**
     * data.sample, data.where and data.columns apply to IDX data as to every other format (they were silently
     * ignored): the real Fashion-MNIST training files, 7 images of each label, labels 0 and 9 left out.
     */
    @Test
    void selectionAndSamplingApplyToIdxData() {
        String dir = "../shared/data/fashion-mnist/";
        JobConfig.Selection selection = new JobConfig.Selection(java.util.Map.of("top", "label < 5"),
                "label NOT IN (0, 9)", "label", 7, 42);
        JobConfig.Data data = new JobConfig.Data("idx", dir + "train-images-idx3-ubyte.gz",
                dir + "t10k-images-idx3-ubyte.gz", dir + "train-labels-idx1-ubyte.gz",
                dir + "t10k-labels-idx1-ubyte.gz", java.util.Map.of(), null, selection, null);
        List<Row> counts = DataSources.main(spark, data).groupBy("label", "top").count().orderBy("label")
                .collectAsList();
        assertEquals(8, counts.size(), "labels 1..8");
        for (Row r : counts) {
            assertEquals(7L, r.getLong(2), "label " + r.get(0));
            assertEquals(Integer.parseInt(r.get(0).toString()) < 5, r.getBoolean(1), "the derived column");
        }
        // The test set: data.columns and data.where, never data.sample.
        assertEquals(8000, DataSources.test(spark, data).count());
    }
}
