package io.seqspark.training;

import io.seqspark.RunFailure;
import io.seqspark.config.JobConfig;
import io.seqspark.models.FlatGradientUpdater;
import io.seqspark.models.LearningRates;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.spark.stats.StatsUtils;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** Trains a network on minibatch RDDs with dl4j-spark parameter averaging, one logged epoch at a time. */
public final class SparkTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);

    /**
     * @param examplesPerSecond training examples per second of training wall time, over all epochs
     * @param bestEpoch         the epoch whose parameters the network holds (the last one without early stopping)
     * @param stoppedEarly      training stopped before training.epochs (early stopping)
     * @param statsHtml         dl4j-spark's training statistics as an HTML page (training.stats), or null
     */
    public record Result(SparkDl4jMultiLayer sparkNet, List<EpochStats> history, double trainSeconds,
                         double examplesPerSecond, int workers, int bestEpoch, boolean stoppedEarly,
                         String statsHtml) {
        public MultiLayerNetwork network() {
            return sparkNet.getNetwork();
        }
    }

    private SparkTrainer() {
    }

    /** training.workers, or Spark's default parallelism when it is 0. */
    public static int workers(JavaSparkContext jsc, JobConfig.TrainingSpec spec) {
        return spec.workers() > 0 ? spec.workers() : jsc.defaultParallelism();
    }

    /**
     * Factors that turn DL4J's scores into the reported losses: 1 for both, except for language models, whose
     * scores are sums over time that are reported per token.
     *
     * @param train      for the score of the last training minibatch (sums over the truncated-BPTT segment)
     * @param validation for the validation score (sums over the whole sequence)
     */
    public record LossScale(double train, double validation) {
        public static final LossScale NONE = new LossScale(1, 1);
    }

    public static Result train(JavaSparkContext jsc, MultiLayerConfiguration conf, JobConfig.TrainingSpec spec,
                               int workers, JavaRDD<DataSet> train, long trainExamples, JavaRDD<DataSet> validation,
                               Checkpoints checkpoints) throws IOException {
        return train(jsc, conf, spec, workers, train, trainExamples, validation, checkpoints, LossScale.NONE);
    }

    /**
     * @param workers       parallel workers (Spark tasks) per averaging round
     * @param train         pre-built minibatches of at most {@code batch-size} examples each, computed once (they are
     *                      dealt into cached worker shards)
     * @param trainExamples number of examples in {@code train}, for throughput
     * @param validation    minibatches scored after every epoch, or null
     * @param checkpoints   where each epoch is committed, and the checkpoint to resume from (null: none)
     * @param scale         how scores become reported losses
     */
    public static Result train(JavaSparkContext jsc, MultiLayerConfiguration conf, JobConfig.TrainingSpec spec,
                               int workers, JavaRDD<DataSet> train, long trainExamples, JavaRDD<DataSet> validation,
                               Checkpoints checkpoints, LossScale scale) throws IOException {
        return train(jsc, conf, spec, workers, train, trainExamples, validation, checkpoints, scale, null);
    }

    /**
     * @param initialise sets parameters of the new network before the first round (e.g. pretrained embeddings),
     *                   or null; not called when resuming, since the checkpoint holds the parameters
     */
    public static Result train(JavaSparkContext jsc, MultiLayerConfiguration conf, JobConfig.TrainingSpec spec,
                               int workers, JavaRDD<DataSet> train, long trainExamples, JavaRDD<DataSet> validation,
                               Checkpoints checkpoints, LossScale scale, Consumer<MultiLayerNetwork> initialise)
            throws IOException {
        Checkpoints.Checkpoint resume = checkpoints == null ? null : checkpoints.resumeFrom();
        MultiLayerNetwork initial = resume != null ? resume.network() : new MultiLayerNetwork(conf);
        if (resume == null) {
            initial.init();
            if (initialise != null) {
                // The driver network's parameters are what the workers receive in the first round.
                initialise.accept(initial);
            }
        }
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, initial, master(spec, workers));
        sparkNet.setCollectTrainingStats(spec.stats());
        if (spec.singleProcess()) {
            workers = 1;
            LOG.info("Training {} parameters in this process (training.engine = single-process): minibatch {}, "
                            + "{} epochs, {} training examples", sparkNet.getNetwork().numParams(), spec.batchSize(),
                    spec.epochs(), trainExamples);
        } else {
            LOG.info("Training {} parameters with parameter averaging: {} workers, minibatch {} per worker, "
                            + "averaging every {} minibatches, {} epochs, {} training examples",
                    sparkNet.getNetwork().numParams(), workers, spec.batchSize(), spec.averagingFrequency(),
                    spec.epochs(), trainExamples);
        }
        MultiLayerConfiguration layers = sparkNet.getNetwork().getLayerWiseConfigurations();
        WorkerShards shards = WorkerShards.of(train, workers, spec.seed(),
                layers.getBackpropType() == BackpropType.TruncatedBPTT ? layers.getTbpttFwdLength() : 0);
        int rounds = shards.rounds(spec.averagingFrequency());
        // single-process: the one shard's minibatches, on the driver, fitted in the order one Spark worker would.
        List<DataSet> local = spec.singleProcess() ? shards.collect(0) : null;
        if (local == null) {
            LOG.info("Minibatches per worker {}; {} averaging rounds per epoch", Arrays.toString(shards.sizes()),
                    rounds);
        }
        // The state after the last complete epoch, to restart a failed epoch from.
        MultiLayerNetwork lastGood = sparkNet.getNetwork().clone();

        List<EpochStats> history = new ArrayList<>(resume == null ? List.of() : resume.history());
        double trainSeconds = history.stream().mapToDouble(EpochStats::seconds).sum();
        if (resume != null && resume.epoch() >= spec.epochs()) {
            LOG.info("The checkpoint already holds all {} epochs", spec.epochs());
        }
        int patience = validation == null ? 0 : spec.earlyStoppingPatience();
        // A resumed run starts tracking the best epoch at its checkpoint.
        EarlyStopping early = patience == 0 ? null : new EarlyStopping(patience, history.size(),
                history.isEmpty() ? Double.NaN : history.get(history.size() - 1).validationLoss(),
                history.isEmpty() ? null : sparkNet.getNetwork().params());
        boolean stoppedEarly = false;
        for (int epoch = history.size() + 1; epoch <= spec.epochs(); epoch++) {
            long start = System.nanoTime();
            for (int attempt = 0; ; attempt++) {
                double rateScale = spec.learningRateScale(workers);
                if (spec.schedulesLearningRate() || rateScale != 1) {
                    // Workers receive the master's configuration, with this rate, in every round.
                    LearningRates.set(sparkNet.getNetwork(), spec.learningRate(epoch) * rateScale);
                    if (attempt == 0 && (spec.schedulesLearningRate() || epoch == history.size() + 1)) {
                        LOG.info("Epoch {}: learning rate {}{}", epoch,
                                String.format("%.3g", spec.learningRate(epoch) * rateScale), rateScale == 1 ? ""
                                        : String.format(" (%.3g x %d workers, training.learning-rate-scaling = "
                                        + "linear)", spec.learningRate(epoch), workers));
                    }
                }
                try {
                    if (local != null) {
                        MultiLayerNetwork net = FlatGradientUpdater.install(sparkNet.getNetwork());
                        for (int i : WorkerShards.order(spec.seed(), epoch, 0, local.size())) {
                            net.fit(local.get(i));
                        }
                    } else {
                        for (int round = 0; round < rounds; round++) {
                            MultiLayerConfiguration netConf = sparkNet.getNetwork().getLayerWiseConfigurations();
                            int iterations = netConf.getIterationCount();
                            sparkNet.fit(shards.round(epoch, round, rounds));
                            // dl4j-spark counts averaging-frequency steps per round; Adam's bias correction needs
                            // the steps the workers really took (with truncated BPTT, one per segment).
                            netConf.setIterationCount(iterations + shards.steps(epoch, round, rounds));
                        }
                    }
                    break;
                } catch (Exception e) {
                    // A Spark job aborted, e.g. when an executor died while a round's shuffle outputs lived on it
                    // (Spark cannot recompute a randomly repartitioned stage in place, so it gives the job up).
                    // A stopped SparkContext (the JVM shutting down on SIGTERM, or the caller stopping it) is not
                    // a failed job: retrying it could only fail again, after logging a misleading restart.
                    if (!sparkJobFailure(e) || attempt >= spec.retries() || jsc.sc().isStopped()) {
                        throw e;
                    }
                    LOG.warn("Epoch {} failed ({}); restarting it from the state after epoch {} (retry {} of {}, "
                                    + "training.retries)", epoch, firstLine(e.getMessage()), epoch - 1, attempt + 1,
                            spec.retries());
                    sparkNet = new SparkDl4jMultiLayer(jsc, lastGood.clone(), master(spec, workers));
                    sparkNet.setCollectTrainingStats(spec.stats());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            trainSeconds += seconds;
            double validationLoss = validation == null ? Double.NaN
                    : sparkNet.calculateScore(validation, true) * scale.validation();
            double trainScore = local != null ? sparkNet.getNetwork().score() : sparkNet.getScore();
            // Before anything of this epoch is saved: a checkpoint or model of NaN parameters is worthless.
            requireFinite(epoch, trainScore, validation == null ? 0 : validationLoss, spec);
            EpochStats stats = new EpochStats(epoch, trainScore * scale.train(), validationLoss, seconds,
                    trainExamples / seconds);
            history.add(stats);
            ProgressLog.epoch(stats, spec.epochs(), trainSeconds / epoch);
            if (checkpoints != null) {
                checkpoints.save(sparkNet.getNetwork(), history);
            }
            lastGood = sparkNet.getNetwork().clone();
            MultiLayerNetwork current = sparkNet.getNetwork();
            if (early != null && early.afterEpoch(epoch, validationLoss, current::params)) {
                LOG.info("Early stopping after epoch {}: no lower validation loss than {} (epoch {}) for {} epochs; "
                        + "keeping the parameters of epoch {}", epoch, early.bestLoss(), early.bestEpoch(), patience,
                        early.bestEpoch());
                stoppedEarly = true;
                break;
            }
        }
        shards.close();
        if (early != null && early.bestParams() != null && early.bestEpoch() < history.size()) {
            sparkNet.getNetwork().setParams(early.bestParams());
        }
        return new Result(sparkNet, history, trainSeconds,
                trainExamples * (double) history.size() / Math.max(trainSeconds, 1e-9), workers,
                early != null ? early.bestEpoch() : history.size(), stoppedEarly,
                spec.stats() ? statsHtml(sparkNet) : null);
    }

    /**
     * Diverged training (a NaN or infinite loss) only gets worse with more epochs: stop with one message that says
     * what to change.
     */
    static void requireFinite(int epoch, double trainLoss, double validationLoss, JobConfig.TrainingSpec spec) {
        if (Double.isFinite(trainLoss) && Double.isFinite(validationLoss)) {
            return;
        }
        String which = !Double.isFinite(trainLoss) ? "training loss is " + trainLoss
                : "validation loss is " + validationLoss;
        throw new RunFailure("training diverged in epoch " + epoch + ": the " + which + ", so the run stops and "
                + "nothing of this epoch is saved. Try a lower training.learning-rate (it was "
                + String.format("%.3g", spec.learningRate(epoch)) + "), and check the inputs for extreme values and "
                + "their scaling (sequence.scaling)");
    }

    /** Spark's (Scala-checked) SparkException, thrown as is or wrapped by dl4j-spark. */
    private static boolean sparkJobFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SparkException) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        return message == null ? "no message" : message.lines().findFirst().orElse("");
    }

    /** seqspark's parameter-averaging settings; a fresh one for every start, as it keeps per-run state. */
    private static ParameterAveragingTrainingMaster master(JobConfig.TrainingSpec spec, int workers) {
        return new RoundMaster(new ParameterAveragingTrainingMaster.Builder(workers, spec.batchSize())
                .batchSizePerWorker(spec.batchSize())
                .averagingFrequency(spec.averagingFrequency())
                .workerPrefetchNumBatches(spec.prefetch())
                // Every fit call gets one round, already one partition per worker (WorkerShards): nothing to split,
                // repartition or cache.
                .repartionData(Repartition.Never)
                .storageLevel(null)
                // Without this, Adam/RMSProp state is discarded at every averaging round (its default is false).
                .saveUpdater(true)
                // Export (the default) refuses to run on a cluster whose default FS is local; Direct works anywhere.
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(spec.seed()));
    }

    /**
     * dl4j-spark's parameter averaging for one round that is already laid out (one partition per worker): the
     * Direct approach would first count the RDD (a Spark job per round, ~60 ms, 8% of a Fashion-MNIST round on 2
     * cores) only to find there is nothing to split. With training.stats the full path runs, as its statistics
     * expect.
     */
    static final class RoundMaster extends ParameterAveragingTrainingMaster {
        /** Keys the networks this run's workers keep between rounds (ReusingAveragingWorker). */
        private final String run = java.util.UUID.randomUUID().toString();

        RoundMaster(Builder builder) {
            super(builder);
        }

        /**
         * dl4j-spark's worker for one round, with the same broadcast (configuration, averaged parameters, updater
         * state), but one that keeps its network between rounds. With training.stats, dl4j-spark's own worker, as
         * its statistics expect.
         */
        @Override
        public ParameterAveragingTrainingWorker getWorkerInstance(SparkDl4jMultiLayer network) {
            if (getIsCollectTrainingStats() || !ReusingAveragingWorker.enabled) {
                return super.getWorkerInstance(network);
            }
            MultiLayerNetwork net = network.getNetwork();
            Broadcast<NetBroadcastTuple> broadcast = network.getSparkContext().broadcast(new NetBroadcastTuple(
                    net.getLayerWiseConfigurations(), net.params(), net.getUpdater().getStateViewArray()));
            WorkerConfiguration configuration = new WorkerConfiguration(false, rddDataSetNumExamples,
                    batchSizePerWorker, averagingFrequency, prefetchNumBatches, false);
            return new ReusingAveragingWorker(broadcast, saveUpdater, configuration, run);
        }

        @Override
        public void executeTraining(SparkDl4jMultiLayer network, JavaRDD<DataSet> round) {
            if (getIsCollectTrainingStats()) {
                super.executeTraining(network, round);
            } else {
                doIteration(network, round, 1, 1);
            }
        }
    }

    /** The statistics of this run's training rounds as dl4j-spark renders them (charts per phase and worker). */
    private static String statsHtml(SparkDl4jMultiLayer sparkNet) throws IOException {
        ByteArrayOutputStream html = new ByteArrayOutputStream();
        try {
            StatsUtils.exportStatsAsHTML(sparkNet.getSparkTrainingStats(), html);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot render the training statistics (training.stats = true): " + e, e);
        }
        return html.toString(StandardCharsets.UTF_8);
    }
}
