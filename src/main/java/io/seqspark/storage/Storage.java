package io.seqspark.storage;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Every file seqspark reads or writes goes through the Hadoop FileSystem API, so local paths, file://, hdfs://
 * and s3a:// URIs all work. Uses the active SparkContext's Hadoop settings when there is one (S3 credentials,
 * fs.defaultFS, ...).
 */
public final class Storage {
    private Storage() {
    }

    public static Configuration hadoopConf() {
        return SparkSession.getDefaultSession().isDefined()
                ? SparkSession.getDefaultSession().get().sparkContext().hadoopConfiguration()
                : new Configuration();
    }

    public static FileSystem fileSystem(Path path) throws IOException {
        FileSystem fs = path.getFileSystem(hadoopConf());
        // No .crc side files next to outputs on the local file system.
        fs.setWriteChecksum(false);
        return fs;
    }

    public static InputStream open(String uri) throws IOException {
        Path path = new Path(uri);
        return fileSystem(path).open(path);
    }

    public static String readString(String uri) throws IOException {
        try (InputStream in = open(uri)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    public static boolean exists(String uri) throws IOException {
        Path path = new Path(uri);
        return fileSystem(path).exists(path);
    }
}
