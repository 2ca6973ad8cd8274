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

    /**
     * Hadoop settings as a job's Spark session will have them ({@code spark.hadoop.*} entries of {@code spark.conf}),
     * for file system work done before the session starts (the run lock).
     */
    public static Configuration hadoopConf(java.util.Map<String, String> sparkConf) {
        if (SparkSession.getDefaultSession().isDefined()) {
            return hadoopConf();
        }
        Configuration conf = new Configuration();
        sparkConf.forEach((k, v) -> {
            if (k.startsWith("spark.hadoop.")) {
                conf.set(k.substring("spark.hadoop.".length()), v);
            }
        });
        return conf;
    }

    public static FileSystem fileSystem(Path path) throws IOException {
        return fileSystem(path, hadoopConf());
    }

    /** The file system of {@code path} reached with the given Hadoop settings. */
    public static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        // No .crc side files next to outputs on the local file system.
        fs.setWriteChecksum(false);
        return fs;
    }

    /**
     * Renames {@code src} to {@code dst} only if {@code dst} does not exist. A plain {@code FileSystem.rename} of a
     * folder onto an existing folder moves it <em>inside</em> that folder on HDFS, mixing two outputs; FileContext's
     * rename without OVERWRITE refuses instead (atomically on HDFS).
     *
     * @return false when {@code dst} exists or the file system refused the rename
     */
    public static boolean renameNoReplace(FileSystem fs, Path src, Path dst) throws IOException {
        try {
            org.apache.hadoop.fs.FileContext.getFileContext(fs.getUri(), fs.getConf())
                    .rename(src, dst, org.apache.hadoop.fs.Options.Rename.NONE);
            return true;
        } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
            return !fs.exists(dst) && fs.rename(src, dst);
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
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
