package io.seqspark.vectorize.text;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.report.TextSection;
import io.seqspark.storage.Storage;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.feature.Word2Vec;
import org.apache.spark.ml.feature.Word2VecModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.models.embeddings.loader.WordVectorSerializer;
import org.deeplearning4j.models.embeddings.wordvectors.WordVectors;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.seqspark.sources.Columns.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The start of a text classifier's token embedding: vectors trained with Spark ML's Word2Vec (text.pretrain) or
 * read from a word2vec, GloVe or fastText file (model.embedding.vectors), laid out in vocabulary id order.
 */
public final class Embeddings {
    private static final Logger LOG = LoggerFactory.getLogger(Embeddings.class);
    private static final String WORD = "word";

    private Embeddings() {
    }

    /**
     * The rows of the embedding matrix for the vocabulary's tokens, in id order ({@code rows[i]} is id
     * {@code i + Vocabulary.RESERVED}); null where the token has no vector.
     */
    public record Matrix(float[][] rows, int found) {
        public int vocabulary() {
            return rows.length;
        }

        /** Tokens of the vocabulary with a vector / vocabulary size. */
        public double coverage() {
            return rows.length == 0 ? 0 : found / (double) rows.length;
        }

        /**
         * Writes the vectors into the embedding layer (layer 0) of {@code network}: found tokens get theirs,
         * the rest (padding, unknown, tokens without a vector) keep the random start.
         */
        public void apply(MultiLayerNetwork network) {
            INDArray weights = network.getLayer(0).getParam(DefaultParamInitializer.WEIGHT_KEY);
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] != null) {
                    weights.putRow(i + Vocabulary.RESERVED, Nd4j.createFromArray(rows[i]).castTo(weights.dataType()));
                }
            }
        }
    }

    /** The vocabulary's vectors; tokens missing from {@code vectors} get a null row. */
    public static Matrix matrix(Vocabulary vocabulary, Map<String, float[]> vectors) {
        List<String> tokens = vocabulary.tokens();
        float[][] rows = new float[tokens.size()][];
        int found = 0;
        for (int i = 0; i < rows.length; i++) {
            rows[i] = vectors.get(tokens.get(i));
            if (rows[i] != null) {
                found++;
            }
        }
        return new Matrix(rows, found);
    }

    /**
     * A network configuration whose embedding (layer 0) keeps its weights: DL4J's FrozenLayerWithBackprop gives it
     * no updater and no regularization and zeroes its gradient, so parameter averaging averages equal copies.
     */
    public static MultiLayerConfiguration freeze(MultiLayerConfiguration conf) {
        NeuralNetConfiguration first = conf.getConf(0);
        if (!(first.getLayer() instanceof EmbeddingSequenceLayer)) {
            throw new IllegalArgumentException("layer 0 is not an embedding: " + first.getLayer());
        }
        first.setLayer(new FrozenLayerWithBackprop(first.getLayer()));
        return conf;
    }

    /**
     * Word2Vec (skip-gram, Spark ML) over the token arrays in {@code corpus}'s {@link TextExamples#TOKENS}
     * column, on the executors; returns the vectors of the vocabulary's tokens only (the rest stay there).
     */
    public static Map<String, float[]> word2vec(SparkSession spark, Dataset<Row> corpus, Vocabulary vocabulary,
                                                JobConfig.EmbeddingSpec spec, int size, long seed) {
        Word2VecModel model = new Word2Vec().setInputCol(TextExamples.TOKENS).setOutputCol("vector")
                .setVectorSize(size).setWindowSize(spec.window()).setMinCount(spec.minCount())
                .setMaxIter(spec.iterations()).setSeed(seed)
                .fit(corpus.select(TextExamples.TOKENS));
        Dataset<Row> wanted = spark.createDataset(vocabulary.tokens(), Encoders.STRING()).toDF(WORD);
        List<Row> rows = model.getVectors().join(wanted, WORD).collectAsList();
        Map<String, float[]> vectors = new HashMap<>(rows.size() * 2);
        for (Row r : rows) {
            double[] v = ((Vector) r.getAs("vector")).toArray();
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            vectors.put(r.getString(0), f);
        }
        return vectors;
    }

    /**
     * text.pretrain.path's texts as token arrays: tokenized like the training texts; texts that are null,
     * undecodable or without a token are left out (an unlabelled corpus is not checked like the examples).
     */
    public static Dataset<Row> corpusTokens(Dataset<Row> texts, JobConfig.TextSpec spec) {
        return Tokenizers.tokenize(texts.filter(col(TextExamples.TEXT).isNotNull()
                        .and(not(col(io.seqspark.sources.TextSources.UNDECODABLE)))), TextExamples.TEXT,
                TextExamples.TOKENS, spec)
                .select(TextExamples.TOKENS);
    }

    /**
     * The vocabulary's vectors from a word2vec (text or binary), GloVe or fastText .vec file on any Hadoop file
     * system (copied to a local temporary file when it is not local: the reader takes a File).
     *
     * @param size model.embedding-size, which the file's dimension must equal
     */
    public static Map<String, float[]> load(String uri, Vocabulary vocabulary, int size) {
        String key = "model.embedding.vectors = " + uri;
        File local;
        File temporary = null;
        try {
            Path path = new Path(uri);
            FileSystem fs = Storage.fileSystem(path);
            if (!fs.isFile(path)) {
                throw new UserError(key + ": " + (fs.exists(path) ? "is not a file" : "no such file")
                        + "; expected a word2vec (text or binary), GloVe or fastText .vec file");
            }
            if (fs instanceof LocalFileSystem) {
                local = ((LocalFileSystem) fs).pathToFile(path);
            } else {
                temporary = Files.createTempFile("seqspark-vectors-", "-" + path.getName()).toFile();
                fs.copyToLocalFile(path, new Path(temporary.getAbsolutePath()));
                local = temporary;
            }
        } catch (IOException e) {
            throw new UserError(key + ": cannot read it (" + e.getMessage() + ")", e);
        }
        try {
            WordVectors vectors;
            try {
                vectors = WordVectorSerializer.readWord2VecModel(local, false);
            } catch (RuntimeException e) {
                throw new UserError(key + ": cannot read it as word2vec (text or binary), GloVe or fastText .vec "
                        + "vectors (" + firstLine(e) + ")", e);
            }
            int dimension = vectors.lookupTable().layerSize();
            if (dimension != size) {
                throw new UserError(key + ": the vectors have " + dimension + " dimensions but model.embedding-size = "
                        + size + "; set model.embedding-size = " + dimension);
            }
            Map<String, float[]> found = new HashMap<>();
            for (String token : vocabulary.tokens()) {
                if (vectors.hasWord(token)) {
                    found.put(token, vectors.getWordVectorMatrix(token).toFloatVector());
                }
            }
            return found;
        } finally {
            if (temporary != null && !temporary.delete()) {
                temporary.deleteOnExit();
            }
        }
    }

    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    /** The share of the token occurrences in {@code train}'s texts whose token has a vector, on the executors. */
    public static double occurrenceCoverage(Dataset<Row> train, Matrix matrix, Vocabulary vocabulary) {
        List<String> tokens = vocabulary.tokens();
        Object[] found = new Object[matrix.found()];
        for (int i = 0, n = 0; i < tokens.size(); i++) {
            if (matrix.rows()[i] != null) {
                found[n++] = tokens.get(i);
            }
        }
        Row counts = train.select(explode(col(TextExamples.TOKENS)).as("token"))
                .agg(count(lit(1)), sum(when(col("token").isin(found), 1).otherwise(0))).first();
        long all = counts.getLong(0);
        return all == 0 || counts.isNullAt(1) ? 0 : counts.getLong(1) / (double) all;
    }

    /**
     * The pretrained or loaded start of the embedding, with what report.json says of it; null for a random start.
     *
     * @param train  the training split's examples ({@link TextExamples#TOKENS})
     * @param corpus text.pretrain.path's texts, tokenized, or null
     */
    public static Initial initial(SparkSession spark, JobConfig config, Dataset<Row> train, Dataset<Row> corpus,
                                  Vocabulary vocabulary) {
        JobConfig.EmbeddingSpec spec = config.embeddingSpec();
        int size = config.model().embeddingSize();
        Map<String, float[]> vectors;
        if (spec.pretrain()) {
            Dataset<Row> tokens = train.select(TextExamples.TOKENS);
            if (corpus != null) {
                tokens = tokens.union(corpus.select(TextExamples.TOKENS));
            }
            long start = System.nanoTime();
            vectors = word2vec(spark, tokens.filter(size(col(TextExamples.TOKENS)).gt(0)), vocabulary, spec, size,
                    config.training().seed());
            LOG.info("Word2Vec: {} vectors of size {} for the vocabulary in {} s", vectors.size(), size,
                    String.format("%.1f", (System.nanoTime() - start) / 1e9));
        } else if (spec.vectors() != null) {
            vectors = load(spec.vectors(), vocabulary, size);
        } else {
            return null;
        }
        Matrix matrix = matrix(vocabulary, vectors);
        double occurrences = occurrenceCoverage(train, matrix, vocabulary);
        LOG.info("Embedding from {}: {} of {} vocabulary tokens found ({}% of the training token occurrences){}",
                spec.source(), matrix.found(), matrix.vocabulary(), String.format("%.1f", 100 * occurrences),
                spec.freeze() ? ", frozen" : "");
        return new Initial(spec, matrix, occurrences);
    }

    /** @param occurrenceCoverage share of the training token occurrences with a vector */
    public record Initial(JobConfig.EmbeddingSpec spec, Matrix matrix, double occurrenceCoverage)
            implements Consumer<MultiLayerNetwork> {
        @Override
        public void accept(MultiLayerNetwork network) {
            matrix.apply(network);
        }

        /** report.json's text.embedding. */
        public TextSection.Embedding report() {
            return new TextSection.Embedding(spec.source(), new TextSection.Coverage(matrix.found(),
                    matrix.vocabulary(), matrix.coverage(), occurrenceCoverage), spec.freeze());
        }

        /** The vectors in word2vec text format ("token v1 v2 ..."), tokens with whitespace left out. */
        public String word2vecText(Vocabulary vocabulary) {
            List<String> tokens = vocabulary.tokens();
            StringBuilder body = new StringBuilder();
            int n = 0;
            for (int i = 0; i < tokens.size(); i++) {
                float[] v = matrix.rows()[i];
                if (v == null || tokens.get(i).isEmpty() || tokens.get(i).codePoints().anyMatch(Character::isWhitespace)) {
                    continue;
                }
                body.append(tokens.get(i));
                for (float x : v) {
                    body.append(' ').append(x);
                }
                body.append('\n');
                n++;
            }
            int dimension = matrix.found() == 0 ? 0 : java.util.Arrays.stream(matrix.rows())
                    .filter(java.util.Objects::nonNull).findFirst().map(r -> r.length).orElse(0);
            return n + " " + dimension + "\n" + body;
        }
    }

}
