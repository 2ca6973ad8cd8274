package io.seqspark.ml;

import io.seqspark.models.ModelBundle;
import io.seqspark.report.ReportFiles;
import io.seqspark.report.RunReport;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A fitted model's files in a folder on any Hadoop file system: those of a run's model folder (network.zip, an
 * ensemble's members, preprocessing.json, config.conf; written by {@link ModelBundle#write}) and {@value #SUMMARY},
 * the training report.
 */
final class ModelFiles {
    static final String SUMMARY = "summary.json";

    /** @param summary the training report; null for a folder saved without one */
    record Saved(ModelBundle bundle, RunReport summary) {
    }

    private ModelFiles() {
    }

    static void write(ModelBundle bundle, RunReport summary, String dir, Configuration conf)
            throws IOException {
        Path folder = new Path(dir);
        FileSystem fs = folder.getFileSystem(conf);
        fs.mkdirs(folder);
        bundle.write(name -> fs.create(new Path(folder, name), true));
        if (summary != null) {
            writeString(fs, new Path(folder, SUMMARY), ReportFiles.json(summary));
        }
    }

    static Saved read(String dir, Configuration conf) throws IOException {
        ModelBundle bundle = ModelBundle.load(dir);
        Path summaryFile = new Path(dir, SUMMARY);
        FileSystem fs = summaryFile.getFileSystem(conf);
        RunReport summary = null;
        if (fs.isFile(summaryFile)) {
            try (FSDataInputStream in = fs.open(summaryFile)) {
                summary = ReportFiles.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IOException(summaryFile + " is not a seqspark training report: " + e.getMessage(), e);
            }
            // An earlier version wrote {} for a model without a summary.
            summary = summary.metrics() == null ? null : summary;
        }
        return new Saved(bundle, summary);
    }

    private static void writeString(FileSystem fs, Path file, String text) throws IOException {
        try (FSDataOutputStream out = fs.create(file, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
