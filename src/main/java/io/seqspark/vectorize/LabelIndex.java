package io.seqspark.vectorize;

import io.seqspark.UserError;
import org.apache.spark.api.java.JavaRDD;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.TreeSet;

/**
 * The classes, in output-column order, taken from the training split. Numeric labels sort numerically
 * ("2" before "10"), others alphabetically.
 *
 * @param counts training examples per class, in the same order
 */
public record LabelIndex(List<String> labels, List<Long> counts) implements Serializable {

    public static LabelIndex fromTraining(JavaRDD<LabeledSequence> train, String labelColumn) {
        Map<String, Long> counts = new HashMap<>(train.map(LabeledSequence::label).countByValue());
        Long unlabelled = counts.remove(null);
        if (unlabelled != null) {
            throw new UserError("column '" + labelColumn + "': " + unlabelled
                    + " training sequence(s) without a label; expected a label on every sequence");
        }
        List<String> labels = new ArrayList<>(counts.keySet());
        boolean numeric = labels.stream().allMatch(LabelIndex::isNumber);
        labels.sort(numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder());
        if (labels.size() < 2) {
            throw new UserError("column '" + labelColumn + "': the training split has " + labels.size()
                    + " distinct label(s) " + labels + "; expected at least 2 classes");
        }
        return new LabelIndex(labels, labels.stream().map(counts::get).toList());
    }

    /**
     * Fails with a clear error when {@code part} holds labels this index (the training split's classes) lacks: a
     * classifier cannot predict classes it was not trained on.
     *
     * @param where the data checked, for the message (a split or a path)
     */
    public void requireKnown(JavaRDD<LabeledSequence> part, String column, String where) {
        List<String> unknown = part.map(LabeledSequence::label).distinct()
                .filter(l -> l == null || indexOf(l) < 0).collect();
        if (!unknown.isEmpty()) {
            throw new UserError("column '" + column + "' in " + where + ": label(s) " + new TreeSet<>(
                    unknown.stream().map(String::valueOf).toList()) + " never occur in the training split "
                    + labels + "; a classifier cannot predict classes it was not trained on");
        }
    }

    public int size() {
        return labels.size();
    }

    /** @return the output column of {@code label}, or -1 if training never saw it */
    public int indexOf(String label) {
        return labels.indexOf(label);
    }

    /** Loss weight per class, n / (classes * n_c): 1 for every class when the training split is balanced. */
    public double[] balancedWeights() {
        long total = counts.stream().mapToLong(Long::longValue).sum();
        double[] w = new double[counts.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = total / ((double) counts.size() * counts.get(c));
        }
        return w;
    }

    public int majorityClass() {
        int best = 0;
        for (int i = 1; i < counts.size(); i++) {
            if (counts.get(i) > counts.get(best)) {
                best = i;
            }
        }
        return best;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
