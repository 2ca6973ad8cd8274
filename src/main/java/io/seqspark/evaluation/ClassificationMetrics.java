package io.seqspark.evaluation;

import io.seqspark.report.Scores;
import io.seqspark.vectorize.LabelIndex;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.evaluation.EvaluationAveraging;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

/**
 * Test-set metrics of a sequence classifier, computed on the executors by dl4j-spark.
 *
 * @param confusion {@code confusion[actual][predicted]} counts, in label-index order
 * @param auc       area under the ROC curve for binary tasks, else null
 */
public record ClassificationMetrics(List<String> labels, double accuracy, double f1Macro, long[][] confusion,
                                    Double auc) {

    public static ClassificationMetrics evaluate(SparkDl4jMultiLayer net, JavaRDD<DataSet> test, LabelIndex labels,
                                                 int batchSize) {
        boolean binary = labels.size() == 2;
        IEvaluation<?>[] results = binary
                ? net.doEvaluation(test, batchSize, new Evaluation(labels.labels()), new ROC(0))
                : net.doEvaluation(test, batchSize, new Evaluation(labels.labels()));
        return of((Evaluation) results[0], binary ? (ROC) results[1] : null, labels);
    }

    /** From DL4J's evaluations (merged over partitions); {@code roc} is null unless the task is binary. */
    public static ClassificationMetrics of(Evaluation ev, ROC roc, LabelIndex labels) {
        boolean binary = roc != null;
        int k = labels.size();
        long[][] confusion = new long[k][k];
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                confusion[a][p] = ev.getConfusionMatrix().getCount(a, p);
            }
        }
        Double auc = binary ? roc.calculateAUC() : null;
        return new ClassificationMetrics(labels.labels(), ev.accuracy(), ev.f1(EvaluationAveraging.Macro),
                confusion, auc);
    }

    public long examples() {
        long n = 0;
        for (long[] row : confusion) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    private long support(int cls) {
        long n = 0;
        for (long c : confusion[cls]) {
            n += c;
        }
        return n;
    }

    private long predicted(int cls) {
        long n = 0;
        for (long[] row : confusion) {
            n += row[cls];
        }
        return n;
    }

    /** The report.json form: accuracy, f1_macro, per_class, confusion_matrix (and auc when binary). */
    public Scores.Classification scores() {
        List<Scores.ClassScore> perClass = new ArrayList<>();
        for (int c = 0; c < labels.size(); c++) {
            long tp = confusion[c][c];
            double precision = predicted(c) == 0 ? 0 : tp / (double) predicted(c);
            double recall = support(c) == 0 ? 0 : tp / (double) support(c);
            perClass.add(new Scores.ClassScore(labels.get(c), precision, recall,
                    precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall), support(c)));
        }
        return new Scores.Classification(examples(), accuracy, f1Macro, auc, perClass,
                Scores.ConfusionMatrix.of(labels, confusion), null, null);
    }

    /** Always predicting the most frequent training class, on the same test set. */
    public Scores.MajorityClass majorityBaseline(LabelIndex trainLabels) {
        int majority = trainLabels.majorityClass();
        return new Scores.MajorityClass("always predicts the most frequent training class ('" + labels.get(majority)
                + "')", examples() == 0 ? 0 : support(majority) / (double) examples());
    }
}
