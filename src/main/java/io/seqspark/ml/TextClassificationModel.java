package io.seqspark.ml;

import io.seqspark.config.JobConfig;
import io.seqspark.models.ModelBundle;
import io.seqspark.models.NetworkBroadcast;
import io.seqspark.report.RunReport;
import io.seqspark.tasks.Tasks;
import io.seqspark.vectorize.Chunks;
import io.seqspark.vectorize.FeatureScaler;
import io.seqspark.vectorize.LabelIndex;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.MinibatchBuilder;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.text.Tokenizers;
import io.seqspark.vectorize.text.Vocabulary;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.seqspark.sources.Columns.col;

/**
 * A fitted {@link TextClassifier}. {@link #transform} keeps every input row and its columns and appends
 * {@code predictionCol} (string: the predicted label) and {@code probabilityCol} (a Spark ML vector of the class
 * probabilities in the order of {@link #labels()}), scored on the executors with the saved tokenizer settings and
 * vocabulary. A text with no token (null, empty, only separators) gets null in both columns.
 */
public final class TextClassificationModel extends SeqSparkModel<TextClassificationModel>
        implements TextClassifierParams {
    private static final int BATCH = 256;
    private static final String TEXT = "_seqspark_text";
    private static final String TOKENS = "_seqspark_tokens";

    public TextClassificationModel(String uid, ModelBundle bundle, RunReport summary) {
        super(uid, bundle, summary);
        setDefault(probabilityCol(), "probability");
    }

    @Override
    protected TextClassificationModel newModel(String uid, ModelBundle bundle, RunReport summary) {
        return new TextClassificationModel(uid, bundle, summary);
    }

    /** The class labels, in the order of the probability vector. */
    public List<String> labels() {
        return bundle().preprocessing(Preprocessing.TextClassification.class).labels().labels();
    }

    public TextClassificationModel setTextCol(String value) {
        set(textCol(), value);
        return this;
    }

    public TextClassificationModel setProbabilityCol(String value) {
        set(probabilityCol(), value);
        return this;
    }

    /** The input schema with the prediction and probability columns, checked for textCol (string). */
    static StructType outputSchema(TextClassifierParams p, StructType schema) {
        Schemas.require(schema, "textCol", p.isDefined(p.textCol()) ? p.getTextCol() : null, DataTypes.StringType);
        Schemas.requireAbsent(schema, "predictionCol", p.getPredictionCol());
        Schemas.requireAbsent(schema, "probabilityCol", p.getProbabilityCol());
        return schema.add(p.getPredictionCol(), DataTypes.StringType, true)
                .add(p.getProbabilityCol(), SQLDataTypes.VectorType(), true);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(this, schema);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        Preprocessing.TextClassification prep = bundle().preprocessing(Preprocessing.TextClassification.class);
        JobConfig.TextSpec spec = prep.text();
        Dataset<Row> rows = dataset.toDF();
        int width = rows.schema().size();
        Dataset<Row> tokens = Tokenizers.tokenize(rows.withColumn(TEXT, col(getTextCol()).cast(DataTypes.StringType)),
                TEXT, TOKENS, spec);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
        // Left to Spark's ContextCleaner: the result is lazy, so nothing here knows when scoring is over.
        NetworkBroadcast network = NetworkBroadcast.of(jsc, bundle().network());
        Broadcast<Map<String, Integer>> index = jsc.broadcast(prep.vocabulary().index());
        LabelIndex labels = prep.labels();
        int maxLength = spec.maxLength();
        JavaRDD<Row> scored = tokens.javaRDD().mapPartitions(it -> {
            if (!it.hasNext()) {
                return Collections.emptyIterator();
            }
            MultiLayerNetwork net = network.restore();
            return Chunks.flatMap(it, BATCH, batch -> score(net, batch, width, index.value(), maxLength, labels));
        });
        return rows.sparkSession().createDataFrame(scored, out);
    }

    /** The input columns of each row (without the token columns) with its prediction and probabilities. */
    private static List<Row> score(MultiLayerNetwork net, List<Row> batch, int width, Map<String, Integer> index,
                                   int maxLength, LabelIndex labels) {
        List<LabeledSequence> texts = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            List<String> tokens = batch.get(i).getList(width + 1);
            if (!tokens.isEmpty()) {
                texts.add(new LabeledSequence(String.valueOf(i), null, Vocabulary.ids(tokens, index, maxLength)));
                at.add(i);
            }
        }
        Object[][] predictions = new Object[batch.size()][2];
        if (!texts.isEmpty()) {
            DataSet ds = MinibatchBuilder.toDataSet(texts, labels, FeatureScaler.fit("none", null, 1));
            INDArray p = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null);
            for (int k = 0; k < texts.size(); k++) {
                double[] probabilities = p.getRow(k).toDoubleVector();
                int best = 0;
                for (int c = 1; c < probabilities.length; c++) {
                    best = probabilities[c] > probabilities[best] ? c : best;
                }
                predictions[at.get(k)] = new Object[]{labels.labels().get(best), Vectors.dense(probabilities)};
            }
        }
        List<Row> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Object[] values = new Object[width + 2];
            for (int c = 0; c < width; c++) {
                values[c] = batch.get(i).get(c);
            }
            values[width] = predictions[i][0];
            values[width + 1] = predictions[i][1];
            out.add(RowFactory.create(values));
        }
        return out;
    }

    public static MLReader<TextClassificationModel> read() {
        return new Reader<>(TextClassificationModel.class, TextClassificationModel::new,
                Tasks.TEXT_CLASSIFICATION);
    }

    public static TextClassificationModel load(String path) {
        return read().load(path);
    }
}
