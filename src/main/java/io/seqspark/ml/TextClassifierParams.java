package io.seqspark.ml;

import io.seqspark.config.InvalidText;
import io.seqspark.config.Tokenizer;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;

import java.util.HashMap;
import java.util.Map;

/** Params of {@link TextClassifier} and {@link TextClassificationModel}: the text.* keys of a job file. */
public interface TextClassifierParams extends SeqSparkParams,
        SharedParams.HasHead, SharedParams.HasClassWeights,
        SharedParams.HasProbabilityCol, SharedParams.HasEmbeddingSize {
    Map<String, String> TEXT_KEYS = Map.ofEntries(
            Map.entry("textCol", "text.text-column"),
            Map.entry("labelCol", "text.label-column"),
            Map.entry("idCol", "text.id-column"),
            Map.entry("tokenizer", "text.tokenizer"),
            Map.entry("lowercase", "text.lowercase"),
            Map.entry("vocabSize", "text.vocab-size"),
            Map.entry("minCount", "text.min-count"),
            Map.entry("maxLength", "text.max-length"),
            Map.entry("invalid", "text.invalid"),
            Map.entry("embeddingSize", "model.embedding-size"),
            Map.entry("head", "model.head"),
            Map.entry("embeddingVectors", "model.embedding.vectors"),
            Map.entry("embeddingFreeze", "model.embedding.freeze"),
            Map.entry("pretrain", "text.pretrain.enabled"),
            Map.entry("pretrainPath", "text.pretrain.path"),
            Map.entry("pretrainWhere", "text.pretrain.where"),
            Map.entry("pretrainWindow", "text.pretrain.window"),
            Map.entry("pretrainMinCount", "text.pretrain.min-count"),
            Map.entry("pretrainIterations", "text.pretrain.iterations"),
            Map.entry("classWeights", "training.class-weights"));

    @Override
    default Map<String, String> jobKeys() {
        Map<String, String> keys = new HashMap<>(COMMON_KEYS);
        keys.putAll(TEXT_KEYS);
        return keys;
    }

    default Param<String> textCol() {
        return new Param<>(this, "textCol", "text.text-column: the text of each row");
    }

    default Param<String> labelCol() {
        return new Param<>(this, "labelCol", "text.label-column: the label to learn (fit only)");
    }

    default Param<String> idCol() {
        return new Param<>(this, "idCol", "text.id-column: identifies each row for the seeded split; unset: row "
                + "position");
    }

    default Param<String> tokenizer() {
        return ChoiceParam.of(this, "tokenizer", "text.tokenizer", "", Tokenizer.class);
    }

    default BooleanParam lowercase() {
        return new BooleanParam(this, "lowercase", "text.lowercase");
    }

    default IntParam vocabSize() {
        return new IntParam(this, "vocabSize", "text.vocab-size: most frequent training tokens kept");
    }

    default IntParam minCount() {
        return new IntParam(this, "minCount", "text.min-count: training texts a token must occur in");
    }

    default IntParam maxLength() {
        return new IntParam(this, "maxLength", "text.max-length: tokens kept per text");
    }

    default Param<String> invalid() {
        return ChoiceParam.of(this, "invalid", "text.invalid",
                "empty, unlabelled or undecodable texts in fit", InvalidText.class);
    }

    default Param<String> embeddingVectors() {
        return new Param<>(this, "embeddingVectors", "model.embedding.vectors: a word2vec, GloVe or fastText .vec "
                + "file (any Hadoop URI) the embedding starts from");
    }

    default BooleanParam embeddingFreeze() {
        return new BooleanParam(this, "embeddingFreeze", "model.embedding.freeze: keep the pretrained or loaded "
                + "embedding fixed during training");
    }

    default BooleanParam pretrain() {
        return new BooleanParam(this, "pretrain", "text.pretrain.enabled: train token vectors with Spark ML's "
                + "Word2Vec on the training split (plus pretrainPath) before the classifier");
    }

    default Param<String> pretrainPath() {
        return new Param<>(this, "pretrainPath", "text.pretrain.path: more texts for Word2Vec only");
    }

    default Param<String> pretrainWhere() {
        return new Param<>(this, "pretrainWhere", "text.pretrain.where: a Spark SQL condition on those texts' rows");
    }

    default IntParam pretrainWindow() {
        return new IntParam(this, "pretrainWindow", "text.pretrain.window: Word2Vec's context window");
    }

    default IntParam pretrainMinCount() {
        return new IntParam(this, "pretrainMinCount", "text.pretrain.min-count: Word2Vec's minimum token count");
    }

    default IntParam pretrainIterations() {
        return new IntParam(this, "pretrainIterations", "text.pretrain.iterations: Word2Vec's passes");
    }

    default String getTextCol() {
        return (String) getOrDefault(textCol());
    }

    default String getLabelCol() {
        return (String) getOrDefault(labelCol());
    }
}
