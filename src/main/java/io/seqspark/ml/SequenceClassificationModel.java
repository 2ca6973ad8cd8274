package io.seqspark.ml;

import io.seqspark.config.JobConfig;
import io.seqspark.models.ModelBundle;
import io.seqspark.models.NetworkBroadcast;
import io.seqspark.report.RunReport;
import io.seqspark.tasks.Tasks;
import io.seqspark.vectorize.Chunks;
import io.seqspark.vectorize.LabelIndex;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.MinibatchBuilder;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.SequenceAssembler;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A fitted {@link SequenceClassifier}. {@link #transform} takes step rows as in fit and returns one row per
 * sequence, not per step: {@code idCol} (string), {@code labelCol} (string) when the input has it,
 * {@code predictionCol} (string: the predicted label) and {@code probabilityCol} (a Spark ML vector of the class
 * probabilities in the order of {@link #labels()}). Steps are scaled with the scaler fitted in training.
 */
public final class SequenceClassificationModel extends SeqSparkModel<SequenceClassificationModel>
        implements SequenceClassifierParams {
    private static final int BATCH = 256;

    public SequenceClassificationModel(String uid, ModelBundle bundle, RunReport summary) {
        super(uid, bundle, summary);
        setDefault(probabilityCol(), "probability");
    }

    @Override
    protected SequenceClassificationModel newModel(String uid, ModelBundle bundle, RunReport summary) {
        return new SequenceClassificationModel(uid, bundle, summary);
    }

    /** The class labels, in the order of the probability vector. */
    public List<String> labels() {
        return bundle().preprocessing(Preprocessing.SequenceClassification.class).labels().labels();
    }

    public SequenceClassificationModel setProbabilityCol(String value) {
        set(probabilityCol(), value);
        return this;
    }

    private static boolean labelled(SequenceClassifierParams p, StructType schema) {
        return p.getLabelCol() != null && Arrays.asList(schema.fieldNames()).contains(p.getLabelCol());
    }

    /** Checks the step-row columns and returns the schema of the per-sequence output rows. */
    static StructType outputSchema(SequenceClassifierParams p, StructType schema) {
        Schemas.require(schema, "idCol", p.getIdCol(), null);
        Schemas.require(schema, "timeCol", p.isDefined(p.timeCol()) ? (String) p.getOrDefault(p.timeCol()) : null,
                null);
        String[] features = p.isDefined(p.featureCols()) ? p.getFeatureCols() : new String[0];
        if (features.length == 0) {
            throw new IllegalArgumentException("featureCols is empty; it names the numeric values of a step");
        }
        for (String f : features) {
            Schemas.requireNumeric(schema, "featureCols", f);
        }
        StructType out = new StructType().add(p.getIdCol(), DataTypes.StringType);
        if (labelled(p, schema)) {
            out = out.add(p.getLabelCol(), DataTypes.StringType);
        }
        return out.add(p.getPredictionCol(), DataTypes.StringType)
                .add(p.getProbabilityCol(), SQLDataTypes.VectorType());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(this, schema);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        boolean labelled = labelled(this, dataset.schema());
        Preprocessing.SequenceClassification prep = bundle().preprocessing(Preprocessing.SequenceClassification.class);
        JobConfig.SequenceSpec spec = labelled ? prep.sequence() : prep.sequence().unlabelled();
        Dataset<Row> rows = dataset.toDF();
        JavaRDD<LabeledSequence> sequences = SequenceAssembler.toSequences(SequenceAssembler.assemble(rows, spec,
                "the DataFrame given to SequenceClassificationModel.transform"));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
        // Left to Spark's ContextCleaner: the result is lazy, so nothing here knows when scoring is over.
        NetworkBroadcast network = NetworkBroadcast.of(jsc, bundle().network());
        JavaRDD<Row> scored = sequences.mapPartitions(it -> {
            if (!it.hasNext()) {
                return Collections.emptyIterator();
            }
            MultiLayerNetwork net = network.restore();
            return Chunks.flatMap(it, BATCH, batch -> score(net, batch, prep, labelled));
        });
        return rows.sparkSession().createDataFrame(scored, out);
    }

    private static List<Row> score(MultiLayerNetwork net, List<LabeledSequence> batch,
                                   Preprocessing.SequenceClassification prep,
                                   boolean labelled) {
        LabelIndex labels = prep.labels();
        // Labels are not scored: a label unseen in training must not fail scoring.
        List<LabeledSequence> unlabelled = batch.stream()
                .map(s -> new LabeledSequence(s.id(), null, s.steps())).toList();
        DataSet ds = MinibatchBuilder.toDataSet(unlabelled, labels, prep.scaler());
        INDArray p = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null);
        List<Row> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            double[] probabilities = p.getRow(i).toDoubleVector();
            int best = 0;
            for (int c = 1; c < probabilities.length; c++) {
                best = probabilities[c] > probabilities[best] ? c : best;
            }
            String predicted = labels.labels().get(best);
            out.add(labelled
                    ? RowFactory.create(batch.get(i).id(), batch.get(i).label(), predicted, Vectors.dense(probabilities))
                    : RowFactory.create(batch.get(i).id(), predicted, Vectors.dense(probabilities)));
        }
        return out;
    }

    public static MLReader<SequenceClassificationModel> read() {
        return new Reader<>(SequenceClassificationModel.class, SequenceClassificationModel::new,
                Tasks.SEQUENCE_CLASSIFICATION);
    }

    public static SequenceClassificationModel load(String path) {
        return read().load(path);
    }
}
