package io.seqspark.ml;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.seqspark.models.ModelBundle;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fitted model's files in a folder on any Hadoop file system: those of a run's model folder (network.zip, an
 * ensemble's members, preprocessing.json, config.conf; written by {@link ModelBundle#write}) and {@value #SUMMARY},
 * the training report.
 */
final class ModelFiles {
    static final String SUMMARY = "summary.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Saved(ModelBundle bundle, Map<String, Object> summary) {
    }

    private ModelFiles() {
    }

    static void write(ModelBundle bundle, Map<String, Object> summary, String dir, Configuration conf)
            throws IOException {
        Path folder = new Path(dir);
        FileSystem fs = folder.getFileSystem(conf);
        fs.mkdirs(folder);
        bundle.write(name -> fs.create(new Path(folder, name), true));
        writeString(fs, new Path(folder, SUMMARY), JSON.writeValueAsString(summary));
    }

    static Saved read(String dir, Configuration conf) throws IOException {
        ModelBundle bundle = ModelBundle.load(dir);
        Path summaryFile = new Path(dir, SUMMARY);
        FileSystem fs = summaryFile.getFileSystem(conf);
        Map<String, Object> summary = new LinkedHashMap<>();
        if (fs.isFile(summaryFile)) {
            try (FSDataInputStream in = fs.open(summaryFile)) {
                summary = JSON.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() { });
            }
        }
        return new Saved(bundle, summary);
    }

    private static void writeString(FileSystem fs, Path file, String text) throws IOException {
        try (FSDataOutputStream out = fs.create(file, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
