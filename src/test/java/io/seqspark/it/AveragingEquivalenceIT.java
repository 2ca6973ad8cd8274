package io.seqspark.it;

import io.seqspark.SparkTestSupport;
import io.seqspark.config.JobConfig;
import io.seqspark.config.LearningRateScaling;
import io.seqspark.config.TestSpecs;
import io.seqspark.models.ModelFactory;
import io.seqspark.training.SparkTrainer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parameter averaging with one worker is sequential training: the Spark run's parameters equal
 * MultiLayerNetwork.fit on the same minibatches, with seqspark's training-master settings (saveUpdater, Direct).
 *
 * <p>Two properties, each exact: (1) within an averaging round the worker fits the minibatches in order;
 * (2) across rounds (averaging after every minibatch) the Adam state, moments and step count, carries over, so
 * six rounds of one step equal six sequential steps. dl4j-spark assigns minibatches to rounds by a seeded random
 * split, so with several rounds of different minibatches the order differs from the RDD's (a reshuffle); property
 * (2) is therefore checked on one repeated minibatch, where order cannot matter. Without saveUpdater the same
 * check fails: Adam restarts every round.
 */
public class AveragingEquivalenceIT {
    public static final int BATCH = 8;
    private static SparkSession spark;
    private static JavaSparkContext jsc;
    private static MultiLayerConfiguration conf;

    @BeforeAll
    static void start() {
        spark = SparkTestSupport.localSpark();
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JobConfig.ModelSpec model = TestSpecs.model("gru").units(8).build();
        conf = ModelFactory.classifier(model, TestSpecs.training().batchSize(BATCH).build(), 2, 3);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** {@code n} minibatches of {@link #BATCH} random sequences (2 features, 10 steps) and 3 random classes. */
    public static List<DataSet> minibatches(int n, long seed) {
        Random rnd = new Random(seed);
        Nd4j.getRandom().setSeed(seed);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 2, 10);
            INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, 3);
            for (int i = 0; i < BATCH; i++) {
                y.putScalar(i, rnd.nextInt(3), 1);
            }
            batches.add(new DataSet(x, y));
        }
        return batches;
    }

    /** Mean absolute difference between single-machine and Spark parameters, and mean absolute update. */
    private static double[] compare(List<DataSet> batches, int averagingFrequency, boolean saveUpdater) {
        MultiLayerNetwork single = new MultiLayerNetwork(conf.clone());
        single.init();
        INDArray initial = single.params().dup();
        for (DataSet b : batches) {
            single.fit(b);
        }
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(1, BATCH)
                .batchSizePerWorker(BATCH).averagingFrequency(averagingFrequency).workerPrefetchNumBatches(0)
                .saveUpdater(saveUpdater).rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.Never).storageLevel(StorageLevel.MEMORY_ONLY()).rngSeed(7).build();
        MultiLayerNetwork start = new MultiLayerNetwork(conf.clone());
        start.init(initial.dup(), true);
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, start, master);
        sparkNet.fit(jsc.parallelize(batches, 1));
        INDArray a = single.params();
        INDArray b = sparkNet.getNetwork().params();
        return new double[]{a.sub(b).norm1Number().doubleValue() / a.length(),
                a.sub(initial).norm1Number().doubleValue() / a.length()};
    }

    @Test
    void oneRoundFitsTheMinibatchesInOrder() {
        double[] d = compare(minibatches(6, 3), 6, true);
        assertTrue(d[1] > 1e-3, "training moved the parameters: " + d[1]);
        assertEquals(0, d[0], 1e-7, "Spark equals sequential fit");
    }

    private static JobConfig.TrainingSpec spec(String engine, int workers, int averagingFrequency) {
        return TestSpecs.training().epochs(3).batchSize(BATCH).workers(workers)
                .averagingFrequency(averagingFrequency).checkpoint("none").retries(0).engine(engine).build();
    }

    private static INDArray trained(JobConfig.TrainingSpec spec, List<DataSet> batches) throws Exception {
        SparkTrainer.Result result = SparkTrainer.train(jsc, conf.clone(), spec, spec.workers(),
                jsc.parallelize(batches, 3), (long) batches.size() * BATCH, null, null);
        assertEquals(3, result.history().size());
        return result.network().params();
    }

    /**
     * seqspark's own trainer (worker shards, one fit call per averaging round, three epochs of reshuffled rounds)
     * with one worker averaging after every minibatch equals training.engine = single-process, which fits the same
     * minibatches in the same seeded order with MultiLayerNetwork.fit; with averaging every 4 minibatches it too
     * is sequential training. Two workers are not, and must differ.
     */
    @Test
    void sparkTrainerWithOneWorkerEqualsSingleProcessFit() throws Exception {
        List<DataSet> batches = minibatches(10, 11);
        INDArray single = trained(spec("single-process", 1, 1), batches);
        MultiLayerNetwork fresh = new MultiLayerNetwork(conf.clone());
        fresh.init();
        double moved = single.sub(fresh.params()).norm1Number().doubleValue() / single.length();
        assertTrue(moved > 1e-3, "training moved the parameters: " + moved);
        for (int averaging : new int[]{1, 4}) {
            double diff = single.sub(trained(spec("spark", 1, averaging), batches)).norm1Number().doubleValue()
                    / single.length();
            assertEquals(0, diff, 1e-7, "1 worker, averaging every " + averaging + " equals single-process fit");
        }
        double twoWorkers = single.sub(trained(spec("spark", 2, 1), batches)).norm1Number().doubleValue()
                / single.length();
        assertTrue(twoWorkers > 100 * 1e-7, "the check can fail: 2 workers average (" + twoWorkers + ")");
    }

    /**
     * With truncated BPTT every segment of a minibatch is one optimizer step (DL4J counts 3 for a window of 10 and
     * tbptt-length 4); Adam's bias correction depends on that count, so the trainer must count segments, not
     * minibatches, or the run drifts from single-process training.
     */
    @Test
    void truncatedBpttCountsEverySegmentAsAnAdamStep() throws Exception {
        JobConfig.ModelSpec model = TestSpecs.model("lstm").units(6).build();
        MultiLayerConfiguration lm = ModelFactory.languageModel(model, tbpttSpec("spark", 1), 5, 3);
        Random rnd = new Random(17);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < 6; b++) {
            float[] x = new float[BATCH * 10];
            float[] y = new float[BATCH * 10];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextInt(5);
                y[i] = rnd.nextInt(5);
            }
            batches.add(new DataSet(Nd4j.create(x, new long[]{BATCH, 1, 10}, 'c'),
                    Nd4j.create(y, new long[]{BATCH, 1, 10}, 'c')));
        }
        INDArray single = trainedLm(lm, tbpttSpec("single-process", 1), batches);
        INDArray spark = trainedLm(lm, tbpttSpec("spark", 3), batches);
        double diff = single.sub(spark).norm1Number().doubleValue() / single.length();
        assertEquals(0, diff, 1e-7, "1 worker with truncated BPTT equals single-process fit");
    }

    private static JobConfig.TrainingSpec tbpttSpec(String engine, int averagingFrequency) {
        return TestSpecs.training().epochs(2).batchSize(BATCH).averagingFrequency(averagingFrequency)
                .checkpoint("none").tbpttLength(4).retries(0).engine(engine).build();
    }

    private static INDArray trainedLm(MultiLayerConfiguration lm, JobConfig.TrainingSpec spec, List<DataSet> batches)
            throws Exception {
        SparkTrainer.Result result = SparkTrainer.train(jsc, lm.clone(), spec, 1, jsc.parallelize(batches, 2),
                (long) batches.size() * BATCH, null, null);
        assertEquals(spec.epochs(), result.history().size());
        assertEquals(2 * batches.size() * 3, result.network().getLayerWiseConfigurations().getIterationCount(),
                "Adam steps: 2 epochs of " + batches.size() + " minibatches of 3 segments");
        return result.network().params();
    }

    /** training.learning-rate-decay: the same per-epoch rates on both engines, carried to the Spark workers. */
    @Test
    void learningRateDecayFollowsTheScheduleOnBothEngines() throws Exception {
        List<DataSet> batches = minibatches(6, 19);
        JobConfig.TrainingSpec single = decaySpec("single-process", 0.5);
        JobConfig.TrainingSpec spark = decaySpec("spark", 0.5);
        assertEquals(0.01, spark.learningRate(1), 1e-12, "the first epoch at the full rate");
        assertEquals(0.005, spark.learningRate(2), 1e-12, "then halved every epoch");
        assertEquals(0.0025, spark.learningRate(3), 1e-12);
        SparkTrainer.Result a = SparkTrainer.train(jsc, conf.clone(), single, 1, jsc.parallelize(batches, 2),
                (long) batches.size() * BATCH, null, null);
        SparkTrainer.Result b = SparkTrainer.train(jsc, conf.clone(), spark, 1, jsc.parallelize(batches, 2),
                (long) batches.size() * BATCH, null, null);
        assertEquals(0.0025, b.network().getLearningRate(0), 1e-9, "the rate of the last epoch");
        INDArray p = a.network().params();
        double diff = p.sub(b.network().params()).norm1Number().doubleValue() / p.length();
        assertEquals(0, diff, 1e-7, "decayed Spark training equals decayed single-process fit");
        INDArray constant = trained(spec("single-process", 1, 1), batches);
        double fromConstant = p.sub(constant).norm1Number().doubleValue() / p.length();
        assertTrue(fromConstant > 100 * 1e-7, "the check can fail: the decay changed training (" + fromConstant + ")");
    }

    private static JobConfig.TrainingSpec decaySpec(String engine, double decay) {
        return TestSpecs.training().epochs(3).batchSize(BATCH).checkpoint("none").retries(0).engine(engine)
                .learningRateDecay(decay, 1).build();
    }

    /**
     * training.learning-rate-scaling = linear: two workers train at twice the rate (the network they return
     * carries it, and the parameters differ from an unscaled run); a decay schedule applies on top.
     */
    @Test
    void linearScalingMultipliesTheWorkersRate() throws Exception {
        List<DataSet> batches = minibatches(8, 23);
        JobConfig.TrainingSpec none = TestSpecs.training().epochs(2).batchSize(BATCH).workers(2).averagingFrequency(2)
                .checkpoint("none").retries(0).learningRateDecay(0.5, 1)
                .learningRateScaling(LearningRateScaling.NONE).build();
        JobConfig.TrainingSpec linear = TestSpecs.training().epochs(2).batchSize(BATCH).workers(2).averagingFrequency(2)
                .checkpoint("none").retries(0).learningRateDecay(0.5, 1)
                .learningRateScaling(LearningRateScaling.LINEAR).build();
        // Each rate is read before the next run: configuration clones share their updater objects.
        SparkTrainer.Result a = SparkTrainer.train(jsc, conf.clone(), none, 2, jsc.parallelize(batches, 2),
                (long) batches.size() * BATCH, null, null);
        assertEquals(0.005, a.network().getLearningRate(0), 1e-9, "epoch 2 of the decay, unscaled");
        SparkTrainer.Result b = SparkTrainer.train(jsc, conf.clone(), linear, 2, jsc.parallelize(batches, 2),
                (long) batches.size() * BATCH, null, null);
        assertEquals(0.01, b.network().getLearningRate(0), 1e-9, "epoch 2 of the decay, times 2 workers");
        INDArray p = a.network().params();
        double diff = p.sub(b.network().params()).norm1Number().doubleValue() / p.length();
        assertTrue(diff > 100 * 1e-7, "the scaled rate reached the workers: " + diff);
    }

    @Test
    void moreWorkersThanMinibatchesStillTrains() throws Exception {
        INDArray params = trained(spec("spark", 3, 1), minibatches(2, 13));
        assertTrue(Double.isFinite(params.norm2Number().doubleValue()));
    }

    @Test
    void averagingAfterEveryStepCarriesTheAdamState() {
        List<DataSet> repeated = new ArrayList<>(Collections.nCopies(6, minibatches(1, 5).get(0)));
        double[] d = compare(repeated, 1, true);
        assertTrue(d[1] > 1e-3, "training moved the parameters: " + d[1]);
        assertEquals(0, d[0], 1e-7, "six rounds of one step equal six sequential steps");

        double[] withoutUpdater = compare(repeated, 1, false);
        assertTrue(withoutUpdater[0] > 100 * 1e-7 && withoutUpdater[0] > 0.01 * withoutUpdater[1],
                "the check can fail: without saveUpdater Adam restarts every round (" + withoutUpdater[0] + ")");
    }
}
