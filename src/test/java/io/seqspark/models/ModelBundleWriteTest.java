package io.seqspark.models;

import io.seqspark.config.JobConfig;
import io.seqspark.config.TestSpecs;
import io.seqspark.vectorize.PreprocessingFileTest;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ModelBundle#write}, the one writer of model folders (runs and Spark ML's saved models): every file,
 * an ensemble's members included (Spark ML's save once wrote the first network only).
 */
class ModelBundleWriteTest {
    private static MultiLayerNetwork network(long seed) {
        JobConfig.ModelSpec model = TestSpecs.model("gru").units(4).build();
        MultiLayerNetwork net = new MultiLayerNetwork(ModelFactory.forecaster(model,
                TestSpecs.training().seed(seed).build(), 1, 1));
        net.init();
        return net;
    }

    @Test
    void everyMemberOfAnEnsembleIsWritten(@TempDir Path dir) throws Exception {
        MultiLayerNetwork first = network(1);
        List<MultiLayerNetwork> others = List.of(network(2), network(3));
        new ModelBundle(first, PreprocessingFileTest.everyKind().get(1), "task = forecast\n", others)
                .write(name -> new FileOutputStream(dir.resolve(name).toFile()));
        for (String file : List.of(ModelBundle.NETWORK, "member-2.zip", "member-3.zip", ModelBundle.PREPROCESSING,
                ModelBundle.CONFIG)) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        assertEquals(first.params(), restore(dir.resolve(ModelBundle.NETWORK).toFile()).params());
        assertEquals(others.get(0).params(), restore(dir.resolve("member-2.zip").toFile()).params());
        assertEquals(others.get(1).params(), restore(dir.resolve("member-3.zip").toFile()).params());
        assertEquals("task = forecast\n", Files.readString(dir.resolve(ModelBundle.CONFIG)));
    }

    private static MultiLayerNetwork restore(File file) throws Exception {
        return ModelSerializer.restoreMultiLayerNetwork(file, false);
    }

    /** provenance.json is written with the folder where the bundle has one, and read back by load. */
    @Test
    void provenanceTravelsWithTheBundle(@TempDir Path dir) throws Exception {
        String provenance = "{\"task\" : \"forecast\"}";
        new ModelBundle(network(1), PreprocessingFileTest.everyKind().get(1), "task = forecast\n", List.of(),
                provenance).write(name -> new FileOutputStream(dir.resolve(name).toFile()));
        assertEquals(provenance, Files.readString(dir.resolve(Provenance.FILE)));
        assertEquals(provenance, ModelBundle.load(dir.toString()).provenance());
    }
}
