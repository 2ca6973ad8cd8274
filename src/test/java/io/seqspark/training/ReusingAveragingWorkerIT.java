package io.seqspark.training;

import io.seqspark.SparkTestSupport;
import io.seqspark.config.JobConfig;
import io.seqspark.config.TestSpecs;
import io.seqspark.it.AveragingEquivalenceIT;
import io.seqspark.models.ModelFactory;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workers that keep their network between averaging rounds (ReusingAveragingWorker) train exactly as dl4j-spark's
 * worker, which builds a fresh network from the broadcast in every round: same parameters after three epochs of
 * two workers averaging every two minibatches, with Adam and a learning rate that changes every epoch.
 */
class ReusingAveragingWorkerIT {
    private static final int BATCH = AveragingEquivalenceIT.BATCH;
    private static SparkSession spark;
    private static JavaSparkContext jsc;

    @BeforeAll
    static void start() {
        spark = SparkTestSupport.localSpark();
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @AfterEach
    void restore() {
        ReusingAveragingWorker.enabled = true;
    }

    private static INDArray train(String cell, boolean reuse, List<DataSet> batches) throws Exception {
        ReusingAveragingWorker.enabled = reuse;
        JobConfig.ModelSpec model = TestSpecs.model(cell).units(8).build();
        // 3 epochs, 2 workers averaging every 2 minibatches, the rate halved after every epoch.
        JobConfig.TrainingSpec spec = TestSpecs.training().epochs(3).batchSize(BATCH).workers(2)
                .averagingFrequency(2).checkpoint("none").retries(0).learningRateDecay(0.5, 1).build();
        MultiLayerConfiguration conf = ModelFactory.classifier(model, spec, 2, 3);
        SparkTrainer.Result result = SparkTrainer.train(jsc, conf, spec, 2, jsc.parallelize(batches, 3),
                (long) batches.size() * BATCH, null, null);
        assertEquals(3, result.history().size());
        return result.network().params().dup();
    }

    @Test
    void keptNetworksTrainExactlyAsFreshOnes() throws Exception {
        List<DataSet> batches = AveragingEquivalenceIT.minibatches(16, 5);
        for (String cell : new String[]{"gru", "lstm"}) {
            INDArray fresh = train(cell, false, batches);
            long reusedBefore = ReusingAveragingWorker.REUSED.get();
            long builtBefore = ReusingAveragingWorker.BUILT.get();
            INDArray kept = train(cell, true, batches);
            long reused = ReusingAveragingWorker.REUSED.get() - reusedBefore;
            long built = ReusingAveragingWorker.BUILT.get() - builtBefore;
            // 16 minibatches dealt to 2 workers: 8 each, 4 rounds of 2 per epoch, 12 rounds of 2 workers in all.
            assertEquals(24, reused + built, cell + ": every worker round got its network from one of the two");
            // At least one build per worker; in local mode the driver's and the workers' configurations share their
            // updater objects, so a new rate does not force a rebuild here (ReusingAveragingWorkerTest covers that).
            assertTrue(built >= 2 && reused >= 18, cell + ": networks built " + built + ", reused " + reused);
            double diff = fresh.sub(kept).norm1Number().doubleValue() / fresh.length();
            assertEquals(0, diff, 1e-7, cell + ": kept networks train exactly as fresh ones");
            double moved = fresh.norm1Number().doubleValue() / fresh.length();
            assertTrue(moved > 1e-3, cell + ": training produced parameters: " + moved);
        }
    }
}
