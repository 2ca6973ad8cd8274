package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqspark.cli.Main;
import io.seqspark.models.ModelBundle;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.MinibatchBuilder;
import io.seqspark.vectorize.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sequences of 5 to 60 steps train together in padded, masked minibatches; the trained model's prediction for a
 * sequence is the same alone and padded to the length of the longest sequence in its batch.
 */
class VariableLengthIT {

    @Test
    void variableLengthSequencesTrainAndPaddingNeverChangesAPrediction(@TempDir Path out) throws Exception {
        assertEquals(0, Main.execute("train", "--master", "local[2]", "--run-id", "it", "--set",
                "job.output=" + out, "--set", "spark.conf.\"spark.ui.enabled\"=false",
                "--set", "data.generator.min-length=5", "--set", "data.generator.max-length=60",
                "--set", "training.epochs=8"));
        Path run = out.resolve("quickstart/it");
        JsonNode report = RunReports.completeClassificationRun(run);
        double accuracy = report.get("metrics").get("test").get("accuracy").asDouble();
        double majority = report.get("baselines").get("majority_class").get("accuracy").asDouble();
        // Some 5-step sequences cannot be told apart (a trend or shift barely starts); far above chance is the bar.
        assertTrue(accuracy > 0.75 && accuracy > majority + 0.5, "accuracy " + accuracy + ", majority " + majority);

        ModelBundle model = ModelBundle.load(run.resolve("model").toString());
        Preprocessing.SequenceClassification p = model.preprocessing(Preprocessing.SequenceClassification.class);
        List<LabeledSequence> batch = new ArrayList<>();
        for (int length : new int[]{5, 17, 60}) {
            float[][] steps = new float[length][];
            for (int t = 0; t < length; t++) {
                steps[t] = new float[]{30 + 10 * (float) Math.sin(t * 0.7 + length), 5 + 0.3f * t};
            }
            batch.add(new LabeledSequence("s" + length, p.labels().labels().get(0), steps));
        }
        DataSet padded = MinibatchBuilder.toDataSet(batch, p.labels(), p.scaler());
        assertEquals(60, padded.getFeatures().size(2), "padded to the longest sequence");
        INDArray together = model.network().output(padded.getFeatures(), false, padded.getFeaturesMaskArray(), null);
        for (int i = 0; i < batch.size(); i++) {
            DataSet alone = MinibatchBuilder.toDataSet(List.of(batch.get(i)), p.labels(), p.scaler());
            INDArray single = model.network().output(alone.getFeatures(), false, alone.getFeaturesMaskArray(), null);
            assertArrayEquals(single.toFloatVector(), together.getRow(i).toFloatVector(), 1e-5f,
                    "sequence of " + batch.get(i).length() + " steps");
        }
    }
}
