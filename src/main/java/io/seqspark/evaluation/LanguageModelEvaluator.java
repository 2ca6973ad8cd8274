package io.seqspark.evaluation;

import io.seqspark.models.NetworkBroadcast;
import io.seqspark.report.Scores;
import io.seqspark.vectorize.Chunks;
import io.seqspark.vectorize.text.CharCorpus;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A language model's loss in nats per token (mean negative log-likelihood of each next token) and perplexity,
 * computed on the executors: over whole sequences with the state carried through (the reported test loss), or
 * over windows that each start from a fresh state (as in training).
 */
public final class LanguageModelEvaluator {
    private static final int BATCH = 32;
    /** Parallel streams per sequence in {@link #evaluateStreams}: a minibatch for the CPU, few fresh starts. */
    static final int STREAMS = 32;

    private LanguageModelEvaluator() {
    }

    /** @param tokens predicted positions scored */
    public record Result(double loss, long tokens) {
        public double perplexity() {
            return Math.exp(loss);
        }

        public Scores.LanguageModel scores() {
            return Scores.LanguageModel.of(loss, tokens);
        }
    }

    /**
     * report.json's metrics.test of a language model, the same for train and evaluate: the loss with the state
     * carried through each document's text, and beside it the loss with the state reset every
     * {@code maxLength} characters, as in training.
     *
     * @param text which text was scored (e.g. "test text")
     */
    public static Scores.LanguageModel testMetrics(Result carried, Result windows, String text, int maxLength) {
        return carried.scores().withWindows("the recurrent state carried through each document's " + text,
                windows.scores(), "the state reset every text.max-length = " + maxLength
                        + " characters, as in training");
    }

    public static Result evaluate(NetworkBroadcast network, JavaRDD<CharCorpus.Window> windows) {
        double[] sums = windows.mapPartitions(it -> {
            if (!it.hasNext()) {
                return Collections.<double[]>emptyIterator();
            }
            MultiLayerNetwork net = network.restore();
            return Chunks.map(it, BATCH, batch -> negativeLogLikelihood(net, batch));
        }).fold(new double[2], (a, b) -> new double[]{a[0] + b[0], a[1] + b[1]});
        return new Result(sums[1] == 0 ? Double.NaN : sums[0] / sums[1], (long) sums[1]);
    }

    /**
     * The loss with the recurrent state carried through each whole sequence (each file's test text), as the model
     * reads a document: every token after a sequence's first is predicted from all the tokens before it. The
     * sequence is cut into up to {@value #STREAMS} consecutive streams that run side by side (each starts from a
     * fresh state), fed {@code chunk} steps at a time with rnnTimeStep.
     */
    public static Result evaluateStreams(NetworkBroadcast network, JavaRDD<int[]> sequences, int chunk) {
        double[] sums = sequences.mapPartitions(it -> {
            if (!it.hasNext()) {
                return Collections.<double[]>emptyIterator();
            }
            MultiLayerNetwork net = network.restore();
            double[] total = new double[2];
            while (it.hasNext()) {
                double[] s = streamedNegativeLogLikelihood(net, it.next(), STREAMS, chunk);
                total[0] += s[0];
                total[1] += s[1];
            }
            return List.of(total).iterator();
        }).fold(new double[2], (a, b) -> new double[]{a[0] + b[0], a[1] + b[1]});
        return new Result(sums[1] == 0 ? Double.NaN : sums[0] / sums[1], (long) sums[1]);
    }

    /**
     * @return {sum of -log p(next token), number of predicted positions} over one sequence, read as
     * {@link #evaluateStreams} reads it
     */
    public static double[] negativeLogLikelihood(MultiLayerNetwork net, int[] ids, int chunk) {
        return streamedNegativeLogLikelihood(net, ids, STREAMS, chunk);
    }

    /** @return {sum of -log p(next token), number of predicted positions} over one sequence read as streams */
    static double[] streamedNegativeLogLikelihood(MultiLayerNetwork net, int[] ids, int streams, int chunk) {
        int targets = ids.length - 1;
        if (targets <= 0) {
            return new double[2];
        }
        int b = Math.min(streams, targets);
        int perStream = (targets + b - 1) / b;
        double nll = 0;
        long n = 0;
        net.rnnClearPreviousState();
        for (int from = 0; from < perStream; from += chunk) {
            int t = Math.min(chunk, perStream - from);
            float[] x = new float[b * t];
            for (int s = 0; s < b; s++) {
                for (int k = 0; k < t; k++) {
                    int pos = s * perStream + from + k;
                    // The last stream may be shorter: its tail reads padding whose outputs are never scored.
                    x[s * t + k] = pos < targets ? ids[pos] : 0;
                }
            }
            INDArray p = net.rnnTimeStep(Nd4j.create(x, new long[]{b, 1, t}, 'c')); // [streams, vocab, t]
            for (int s = 0; s < b; s++) {
                for (int k = 0; k < t; k++) {
                    int pos = s * perStream + from + k;
                    if (pos < targets) {
                        double q = p.rank() == 3 ? p.getDouble(s, ids[pos + 1], k) : p.getDouble(s, ids[pos + 1]);
                        nll -= Math.log(Math.max(q, 1e-30));
                        n++;
                    }
                }
            }
        }
        net.rnnClearPreviousState();
        return new double[]{nll, n};
    }

    /** @return {sum of -log p(next token), number of predicted positions} */
    static double[] negativeLogLikelihood(MultiLayerNetwork net, List<CharCorpus.Window> batch) {
        DataSet ds = CharCorpus.toDataSet(batch);
        INDArray p = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null); // [batch, vocab, time]
        double nll = 0;
        long n = 0;
        for (int i = 0; i < batch.size(); i++) {
            int[] ids = batch.get(i).ids();
            for (int t = 0; t < ids.length - 1; t++) {
                nll -= Math.log(Math.max(p.getDouble(i, ids[t + 1], t), 1e-30));
                n++;
            }
        }
        return new double[]{nll, n};
    }

    /** The baseline without context: each token's training frequency, scored on the same positions. */
    public static Result unigram(Map<Integer, Long> trainCounts, Map<Integer, Long> targetCounts, int vocabulary) {
        long total = trainCounts.values().stream().mapToLong(Long::longValue).sum();
        double nll = 0;
        long n = 0;
        for (Map.Entry<Integer, Long> e : targetCounts.entrySet()) {
            // Add-one smoothing, so that a token unseen in training does not get probability 0.
            double p = (trainCounts.getOrDefault(e.getKey(), 0L) + 1.0) / (total + vocabulary);
            nll -= e.getValue() * Math.log(p);
            n += e.getValue();
        }
        return new Result(n == 0 ? Double.NaN : nll / n, n);
    }
}
