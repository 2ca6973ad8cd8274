package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.cli.Main;
import io.seqspark.models.ModelBundle;
import io.seqspark.storage.Storage;
import io.seqspark.vectorize.Preprocessing;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs written to a real HDFS (an in-process MiniDFSCluster: NameNode and DataNode, no external services) through
 * the Hadoop FileSystem API, and a model loaded back from it.
 */
class HdfsStorageIT {

    @Test
    void aRunIsWrittenToHdfsAndItsModelLoadsBackFromThere(@TempDir java.nio.file.Path dir) throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            hdfs.waitClusterUp();
            URI namenode = hdfs.getFileSystem().getUri();
            String output = namenode + "/seqspark/runs";
            assertEquals(0, Main.execute("train", "--master", "local[2]", "--run-id", "on-hdfs",
                    "--set", "job.output=" + output, "--set", "spark.conf.\"spark.ui.enabled\"=false",
                    "--set", "training.epochs=3", "--set", "model.units=[16]"));

            FileSystem fs = FileSystem.get(namenode, conf);
            Path run = new Path(output + "/quickstart/on-hdfs");
            for (String f : new String[]{"_SUCCESS", "report.json", "report.html", "model/network.zip",
                    "model/preprocessing.json", "model/config.conf"}) {
                assertTrue(fs.exists(new Path(run, f)), f + " on HDFS");
            }
            assertEquals("on-hdfs", Storage.readString(output + "/quickstart/LATEST").trim());
            assertFalse(fs.globStatus(new Path(output + "/quickstart/.*inprogress*")).length > 0,
                    "no in-progress leftovers");
            JsonNode report = new ObjectMapper().readTree(Storage.readString(run + "/report.json"));
            ModelBundle model = ModelBundle.load(run + "/model");
            assertEquals(report.get("model").get("parameters").asLong(), model.network().numParams());
            assertEquals(6, model.preprocessing(Preprocessing.SequenceClassification.class).labels().size());

            // The scheduler's retry of the same id on HDFS: exit 0, nothing retrained.
            long modified = fs.getFileStatus(new Path(run, "model/network.zip")).getModificationTime();
            assertEquals(0, Main.execute("train", "--master", "local[2]", "--run-id", "on-hdfs",
                    "--set", "job.output=" + output, "--set", "spark.conf.\"spark.ui.enabled\"=false",
                    "--set", "training.epochs=3", "--set", "model.units=[16]"));
            assertEquals(modified, fs.getFileStatus(new Path(run, "model/network.zip")).getModificationTime());
        } finally {
            hdfs.shutdown();
        }
    }
}
