package io.seqspark.tasks.classification;

import io.seqspark.evaluation.ClassificationMetrics;
import io.seqspark.models.ModelBundle;
import io.seqspark.models.NetworkBroadcast;
import io.seqspark.report.DataCounts;
import io.seqspark.report.Metrics;
import io.seqspark.report.ModelSummary;
import io.seqspark.report.RunReport;
import io.seqspark.report.Scores;
import io.seqspark.vectorize.Chunks;
import io.seqspark.vectorize.FeatureScaler;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.MinibatchBuilder;
import io.seqspark.vectorize.Preprocessing;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A saved classifier applied to labelled sequences on the executors, the same for numeric and text sequences
 * (token ids): evaluate's report sections, and predict's rows.
 */
public final class ClassScoring {
    private static final Logger LOG = LoggerFactory.getLogger(ClassScoring.class);
    private static final int BATCH = 256;

    private ClassScoring() {
    }

    /**
     * evaluate's data, model, metrics and baselines sections for a classifier scored on {@code sequences}.
     *
     * @param labelColumn the label column's name, for the error on a label the model never saw
     * @param source      the data's name in messages
     * @param dropped     texts not evaluated, by reason (text classification), or null
     * @throws io.seqspark.UserError when a sequence has a label outside the model's classes
     */
    public static RunReport.Evaluation evaluationSections(JavaSparkContext jsc, ModelBundle model,
                                                          JavaRDD<LabeledSequence> sequences, String labelColumn,
                                                          String source, Map<String, Long> dropped) {
        Preprocessing.Labelled prep = model.preprocessing(Preprocessing.Labelled.class);
        prep.labels().requireKnown(sequences, labelColumn, source);
        NetworkBroadcast network = NetworkBroadcast.of(jsc, model.network());
        ClassificationMetrics metrics = metrics(sequences, prep, network);
        network.destroy();
        // text.invalid = drop: what was not evaluated, by reason.
        RunReport.Evaluation out = new RunReport.Evaluation(
                DataCounts.evaluated(metrics.examples()).withDropped(dropped, null),
                ModelSummary.ofParameters(model.network().numParams()).withClasses(prep.labels().labels()),
                Metrics.of(metrics.scores()), Map.of("majority_class", metrics.majorityBaseline(prep.labels())));
        LOG.info("Accuracy {} (macro F1 {}) on {} sequences of {}", String.format("%.4f", metrics.accuracy()),
                String.format("%.4f", metrics.f1Macro()), metrics.examples(), source);
        return out;
    }

    /** The console line of a classifier's test metrics after train. */
    public static String trainSummary(RunReport report) {
        Scores.Classification test = report.testScores(Scores.Classification.class);
        return String.format("Test accuracy: %.4f (macro F1 %.4f)", test.accuracy(), test.f1Macro());
    }

    /** The console line of a classifier's test metrics after evaluate. */
    public static String evaluateSummary(RunReport report) {
        Scores.Classification test = report.testScores(Scores.Classification.class);
        return String.format("Accuracy: %.4f (macro F1 %.4f)", test.accuracy(), test.f1Macro());
    }

    /** Evaluations per partition on the executors, merged on the driver. */
    private static ClassificationMetrics metrics(JavaRDD<LabeledSequence> sequences, Preprocessing.Labelled prep,
                                                 NetworkBroadcast network) {
        List<String> labels = prep.labels().labels();
        boolean binary = labels.size() == 2;
        FeatureScaler scaler = scaler(prep);
        List<Partial> partials = sequences.mapPartitions(it -> {
            Partial p = new Partial(new Evaluation(labels), binary ? new ROC(0) : null);
            if (!it.hasNext()) {
                return List.of(p).iterator();
            }
            MultiLayerNetwork net = network.restore();
            Chunks.forEach(it, BATCH, batch -> {
                DataSet ds = MinibatchBuilder.toDataSet(batch, prep.labels(), scaler);
                INDArray out = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null);
                p.evaluation().eval(ds.getLabels(), out);
                if (p.roc() != null) {
                    p.roc().eval(ds.getLabels(), out);
                }
            });
            return List.of(p).iterator();
        }).collect();
        Evaluation ev = partials.get(0).evaluation();
        ROC roc = partials.get(0).roc();
        for (Partial p : partials.subList(1, partials.size())) {
            ev.merge(p.evaluation());
            if (roc != null) {
                roc.merge(p.roc());
            }
        }
        return ClassificationMetrics.of(ev, roc, prep.labels());
    }

    /**
     * predict's rows: id, actual (when {@code labelled}), predicted, probability (of the predicted class) and
     * probabilities (one per class, in the model's class order).
     *
     * @param id the name of the id column written
     */
    public static Dataset<Row> predictions(SparkSession spark, JavaRDD<LabeledSequence> sequences, ModelBundle model,
                                           String id, boolean labelled) {
        Preprocessing.Labelled prep = model.preprocessing(Preprocessing.Labelled.class);
        List<String> labels = prep.labels().labels();
        FeatureScaler scaler = scaler(prep);
        NetworkBroadcast network = NetworkBroadcast.of(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                model.network());
        JavaRDD<Row> rows = sequences.mapPartitions(it -> {
            if (!it.hasNext()) {
                return Collections.emptyIterator();
            }
            MultiLayerNetwork net = network.restore();
            return Chunks.flatMap(it, BATCH, batch -> {
                // Scored without labels: an actual label the model never saw is written, not an error.
                DataSet ds = MinibatchBuilder.toDataSet(batch.stream()
                        .map(s -> new LabeledSequence(s.id(), null, s.steps())).toList(), prep.labels(), scaler);
                INDArray p = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null);
                List<Row> out = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    double[] probabilities = p.getRow(i).toDoubleVector();
                    int best = 0;
                    for (int c = 1; c < probabilities.length; c++) {
                        best = probabilities[c] > probabilities[best] ? c : best;
                    }
                    out.add(RowFactory.create(batch.get(i).id(), batch.get(i).label(), labels.get(best),
                            probabilities[best], probabilities));
                }
                return out;
            });
        });
        StructType schema = new StructType().add(id, DataTypes.StringType)
                .add("actual", DataTypes.StringType).add("predicted", DataTypes.StringType)
                .add("probability", DataTypes.DoubleType)
                .add("probabilities", DataTypes.createArrayType(DataTypes.DoubleType));
        Dataset<Row> df = spark.createDataFrame(rows, schema);
        return labelled ? df : df.drop("actual");
    }

    /** A sequence classifier's fitted scaler; texts (token indices) are not scaled. */
    private static FeatureScaler scaler(Preprocessing.Labelled prep) {
        return prep instanceof Preprocessing.SequenceClassification s && s.scaler() != null ? s.scaler()
                : FeatureScaler.fit("none", null, 1);
    }

    private record Partial(Evaluation evaluation, ROC roc) implements Serializable {
    }
}
