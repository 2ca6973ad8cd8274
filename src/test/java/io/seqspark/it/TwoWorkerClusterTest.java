package io.seqspark.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;

/** Tests against one standalone cluster of 2 one-core worker JVMs (jobs/local-cluster), shared by a class. */
abstract class TwoWorkerClusterTest {
    @TempDir
    static Path clusterDir;
    static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start(clusterDir, 2, null);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    /** The application folders worker {@code w} (1 or 2) created, one per application it ran executors for. */
    static File[] applications(int w) {
        File[] apps = clusterDir.resolve("work-" + w).toFile().listFiles(f -> f.getName().startsWith("app-"));
        return apps == null ? new File[0] : apps;
    }
}
