package io.seqspark.it;

import io.seqspark.config.ConfigLoader;
import io.seqspark.runtime.SparkSessions;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a local run listens on, read from the kernel's socket tables while a Spark job of a session started the
 * way every command starts it is running: loopback only by default; the job file's spark.conf still wins.
 */
class NetworkExposureIT {

    @Test
    void localRunListensOnLoopbackOnly() {
        SparkSession spark = SparkSessions.start(ConfigLoader.load(null, List.of("spark.master=local[2]")));
        try {
            // Read inside a task: the driver RPC, block manager and (if on) UI are all up while a job runs.
            List<Listener> listening = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(List.of(1), 1).flatMap(i -> listeners().iterator()).collect();
            assertFalse(listening.isEmpty(), "the driver's RPC endpoint is found among this process's sockets");
            List<Listener> exposed = listening.stream().filter(l -> !l.address().isLoopbackAddress()).toList();
            assertEquals(List.of(), exposed, "listening sockets off loopback (all: " + listening + ")");
            assertTrue(spark.sparkContext().uiWebUrl().isEmpty(), "no web UI by default in local mode");
            int driverPort = Integer.parseInt(spark.conf().get("spark.driver.port"));
            assertTrue(listening.stream().anyMatch(l -> l.port() == driverPort), driverPort + " in " + listening);
        } finally {
            spark.stop();
        }
    }

    @Test
    void theJobFilesSparkConfWins() {
        SparkSession spark = SparkSessions.start(ConfigLoader.load(null, List.of("spark.master=local[2]",
                "spark.conf.\"spark.ui.enabled\"=true", "spark.conf.\"spark.ui.port\"=0")));
        try {
            String url = spark.sparkContext().uiWebUrl().get();
            int uiPort = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
            List<Listener> listening = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(List.of(1), 1).flatMap(i -> listeners().iterator()).collect();
            Listener ui = listening.stream().filter(l -> l.port() == uiPort).findFirst().orElseThrow(
                    () -> new AssertionError("UI port " + uiPort + " not among " + listening));
            // Spark binds its UI to $SPARK_LOCAL_IP or every interface (what the README and the warning say).
            String localIp = System.getenv("SPARK_LOCAL_IP");
            assertTrue(localIp != null ? ui.address().getHostAddress().equals(localIp)
                    : ui.address().isAnyLocalAddress(), ui.toString());
        } finally {
            spark.stop();
        }
    }

    record Listener(InetAddress address, int port) implements Serializable {
    }

    /** TCP sockets in state LISTEN that this process owns, from /proc/net/tcp{,6} and /proc/self/fd. */
    static List<Listener> listeners() {
        try {
            Set<String> inodes = new HashSet<>();
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : (Iterable<Path>) fds::iterator) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException closedMeanwhile) {
                        // an fd closed between listing and reading: not a listener of ours
                    }
                }
            }
            List<Listener> out = new ArrayList<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path file = Path.of(table);
                if (!Files.exists(file)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                    if (f[3].equals("0A") && inodes.contains(f[9])) {
                        String[] hostPort = f[1].split(":");
                        out.add(new Listener(address(hostPort[0]), Integer.parseInt(hostPort[1], 16)));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kernel prints addresses as 32-bit words in host (little-endian) byte order. */
    static InetAddress address(String hex) throws UnknownHostException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = (word * 4 + 3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }

    @Test
    void kernelAddressesAreDecoded() throws Exception {
        assertEquals("127.0.0.1", address("0100007F").getHostAddress());
        assertTrue(address("00000000").isAnyLocalAddress());
        assertTrue(address("00000000000000000000000001000000").isLoopbackAddress(), "::1");
        assertTrue(address("0000000000000000FFFF00000100007F").isLoopbackAddress(), "::ffff:127.0.0.1");
        assertTrue(address("00000000000000000000000000000000").isAnyLocalAddress(), "::");
    }
}
