package io.seqspark.it;

import io.seqspark.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A model trained and saved by the train job predicts the same in a fresh JVM, to float rounding: the fused kernels'
 * Vector API {@code EXP}/{@code TANH} differ in the last place before and after the JIT compiles them (the fresh
 * JVM scores cold, this one warm), and exact operations instead cost 10-20% per step (README, Benchmarks).
 */
class ModelReloadIT {

    @Test
    void savedGruModelPredictsTheSameInANewJvm(@TempDir Path out) throws Exception {
        assertEquals(0, Main.execute("train", "--master", "local[2]", "--run-id", "gru", "--set", "job.output=" + out,
                "--set", "spark.conf.\"spark.ui.enabled\"=false", "--set", "model.cell=gru",
                "--set", "data.generator.sequences=240", "--set", "training.epochs=2", "--set", "model.units=[8]"));
        String modelDir = out.resolve("quickstart/gru/model").toString();
        float[] here = PredictOnce.predict(modelDir);

        Path bits = out.resolve("prediction.bin");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("jobs/java17.args").toAbsolutePath(), "-cp", System.getProperty("java.class.path"),
                PredictOnce.class.getName(), modelDir, bits.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve("jvm.log").toFile()).start();
        assertEquals(true, p.waitFor(3, TimeUnit.MINUTES), "the second JVM finished");
        assertEquals(0, p.exitValue(), Files.readString(out.resolve("jvm.log")));

        try (DataInputStream in = new DataInputStream(new FileInputStream(bits.toFile()))) {
            int n = in.readInt();
            assertEquals(here.length, n);
            for (int i = 0; i < n; i++) {
                float there = Float.intBitsToFloat(in.readInt());
                assertEquals(here[i], there, 1e-6f * Math.max(1f, Math.abs(here[i])), "prediction " + i + " differs");
            }
        }
    }
}
