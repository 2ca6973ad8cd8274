package io.seqspark.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A standalone cluster of separate JVMs started and stopped with jobs/local-cluster, for end-to-end tests. */
final class LocalCluster implements AutoCloseable {
    final Path dir;
    final String masterUrl;

    private LocalCluster(Path dir, String masterUrl) {
        this.dir = dir;
        this.masterUrl = masterUrl;
    }

    /** @param jarsFrom a class-path file for the cluster's jars/, or null for target/classpath.txt */
    static LocalCluster start(Path dir, int workers, Path jarsFrom) throws Exception {
        List<String> args = new ArrayList<>(List.of("start", "--workers", String.valueOf(workers), "--cores", "1",
                "--memory", "2g", "--port", String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()),
                "--dir", dir.toString()));
        if (jarsFrom != null) {
            args.addAll(List.of("--jars-from", jarsFrom.toString()));
        }
        String out = script(args.toArray(new String[0]));
        String url = out.lines().filter(l -> l.startsWith("spark://")).findFirst()
                .orElseThrow(() -> new AssertionError("no master URL in: " + out));
        return new LocalCluster(dir, url);
    }

    @Override
    public void close() throws Exception {
        script("stop", "--dir", dir.toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String script(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = Path.of("jobs/local-cluster").toAbsolutePath().toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Path log = Files.createTempFile("local-cluster", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("local-cluster " + args[0] + " did not finish");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "local-cluster " + args[0] + ": " + out);
        return out;
    }
}
