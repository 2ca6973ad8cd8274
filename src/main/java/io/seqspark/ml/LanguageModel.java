package io.seqspark.ml;

import io.seqspark.config.JobConfig;
import io.seqspark.evaluation.LanguageModelEvaluator;
import io.seqspark.models.ModelBundle;
import io.seqspark.models.NetworkBroadcast;
import io.seqspark.report.RunReport;
import io.seqspark.tasks.Tasks;
import io.seqspark.tasks.language.TextGenerator;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.text.CharCorpus;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;

/**
 * A fitted {@link LanguageModeler}: a character model with its saved vocabulary and settings. {@link #transform}
 * keeps every input row and its columns and appends {@code lossCol} (double): the text's loss in nats per
 * character, the mean of -ln p(next character) over every character after the first, with the recurrent state
 * carried through the text as {@code evaluate} scores a document (exp of it is the text's perplexity); null for a
 * null text or one of fewer than 2 characters. Scored on the executors. {@link #generate} samples text on the
 * driver, as {@code seqspark generate} does.
 */
public final class LanguageModel extends SeqSparkModel<LanguageModel> implements LanguageModelerParams {

    public LanguageModel(String uid, ModelBundle bundle, RunReport summary) {
        super(uid, bundle, summary);
        setDefault(lossCol(), "loss");
    }

    @Override
    protected LanguageModel newModel(String uid, ModelBundle bundle, RunReport summary) {
        return new LanguageModel(uid, bundle, summary);
    }

    public LanguageModel setTextCol(String value) {
        set(textCol(), value);
        return this;
    }

    public LanguageModel setLossCol(String value) {
        set(lossCol(), value);
        return this;
    }

    /**
     * Samples {@code length} characters after {@code prime} (empty: the most frequent character), drawing each from
     * the predicted distribution sharpened (temperature below 1) or flattened (above 1); the same seed gives the
     * same text.
     *
     * @return the prime followed by the sampled text
     */
    public String generate(String prime, int length, double temperature, long seed) {
        synchronized (bundle()) { // the network's recurrent state is per instance
            return TextGenerator.generate(bundle().network(), preprocessing().vocabulary(), prime, length,
                    temperature, seed);
        }
    }

    private Preprocessing.LanguageModelling preprocessing() {
        return bundle().preprocessing(Preprocessing.LanguageModelling.class);
    }

    /** The input schema with the loss column, checked for textCol (string). */
    static StructType outputSchema(LanguageModelerParams p, StructType schema) {
        Schemas.require(schema, "textCol", p.isDefined(p.textCol()) ? p.getTextCol() : null, DataTypes.StringType);
        Schemas.requireAbsent(schema, "lossCol", p.getLossCol());
        return schema.add(p.getLossCol(), DataTypes.DoubleType, true);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(this, schema);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        Dataset<Row> rows = dataset.toDF();
        int width = rows.schema().size();
        int column = rows.schema().fieldIndex(getTextCol());
        JobConfig.TextSpec spec = preprocessing().text();
        boolean lowercase = spec.lowercase();
        int chunk = spec.maxLength();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
        // Left to Spark's ContextCleaner: the result is lazy, so nothing here knows when scoring is over.
        NetworkBroadcast network = NetworkBroadcast.of(jsc, bundle().network());
        Broadcast<Map<String, Integer>> index = jsc.broadcast(preprocessing().vocabulary().index());
        JavaRDD<Row> scored = rows.javaRDD().mapPartitions(it -> {
            if (!it.hasNext()) {
                return Collections.emptyIterator();
            }
            return scored(it, network.restore(), index.value(), width, column, lowercase, chunk);
        });
        return rows.sparkSession().createDataFrame(scored, out);
    }

    /** Each row with its loss appended (static: the closure must not capture the model, whose network stays here). */
    private static Iterator<Row> scored(Iterator<Row> rows, MultiLayerNetwork net, Map<String, Integer> ids,
                                        int width, int column, boolean lowercase, int chunk) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row r = rows.next();
                Object[] values = new Object[width + 1];
                for (int c = 0; c < width; c++) {
                    values[c] = r.get(c);
                }
                if (!r.isNullAt(column)) {
                    double[] nll = LanguageModelEvaluator.negativeLogLikelihood(net,
                            CharCorpus.ids(r.getString(column), ids, lowercase), chunk);
                    values[width] = nll[1] == 0 ? null : nll[0] / nll[1];
                }
                return RowFactory.create(values);
            }
        };
    }

    public static MLReader<LanguageModel> read() {
        return new Reader<>(LanguageModel.class, LanguageModel::new, Tasks.LANGUAGE_MODEL);
    }

    public static LanguageModel load(String path) {
        return read().load(path);
    }
}
