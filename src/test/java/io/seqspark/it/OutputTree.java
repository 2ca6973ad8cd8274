package io.seqspark.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file and folder under a job output, with each file's bytes: to assert that a failed run changed nothing. */
final class OutputTree {
    private OutputTree() {
    }

    /** Relative path to "(dir)" or the file's bytes; empty when {@code root} does not exist. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(root)) {
            return files;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = root.relativize(p).toString();
                if (!rel.isEmpty()) {
                    files.put(rel, Files.isDirectory(p) ? "(dir)" : Arrays.toString(Files.readAllBytes(p)));
                }
            }
        }
        return files;
    }
}
