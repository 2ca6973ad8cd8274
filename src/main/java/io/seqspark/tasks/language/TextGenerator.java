package io.seqspark.tasks.language;

import io.seqspark.vectorize.text.Vocabulary;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Samples text from a character language model one step at a time (rnnTimeStep keeps the recurrent state), after
 * feeding it a prime. Padding and the unknown token are never sampled.
 */
public final class TextGenerator {
    private TextGenerator() {
    }

    /**
     * @param temperature below 1 sharpens the distribution (safer, more repetitive), above 1 flattens it
     * @return the prime followed by {@code length} sampled characters
     */
    public static String generate(MultiLayerNetwork network, Vocabulary vocabulary, String prime, int length,
                                  double temperature, long seed) {
        if (temperature <= 0) {
            throw new IllegalArgumentException("temperature must be above 0, found " + temperature);
        }
        Map<String, Integer> index = vocabulary.index();
        List<String> tokens = vocabulary.tokens();
        Random random = new Random(seed);
        network.rnnClearPreviousState();
        String start = prime.isEmpty() ? tokens.get(0) : prime;
        int[] codePoints = start.codePoints().toArray();
        float[] ids = new float[codePoints.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = index.getOrDefault(new String(Character.toChars(codePoints[i])), Vocabulary.UNKNOWN);
        }
        INDArray out = network.rnnTimeStep(Nd4j.create(ids, new long[]{1, 1, ids.length}, 'c'));
        StringBuilder text = new StringBuilder(start);
        for (int step = 0; step < length; step++) {
            INDArray last = out.rank() == 3 ? out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(out.size(2) - 1)) : out.getRow(0);
            int next = sample(last.toDoubleVector(), temperature, random);
            text.append(tokens.get(next - Vocabulary.RESERVED));
            out = network.rnnTimeStep(Nd4j.create(new float[]{next}, new long[]{1, 1, 1}, 'c'));
        }
        network.rnnClearPreviousState();
        return text.toString();
    }

    /** An id drawn from p^(1/T), renormalized, over the real tokens only. */
    static int sample(double[] p, double temperature, Random random) {
        double[] w = new double[p.length];
        double sum = 0;
        for (int i = Vocabulary.RESERVED; i < p.length; i++) {
            w[i] = Math.exp(Math.log(Math.max(p[i], 1e-30)) / temperature);
            sum += w[i];
        }
        double u = random.nextDouble() * sum;
        for (int i = Vocabulary.RESERVED; i < p.length; i++) {
            u -= w[i];
            if (u <= 0) {
                return i;
            }
        }
        return p.length - 1;
    }
}
