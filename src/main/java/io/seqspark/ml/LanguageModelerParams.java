package io.seqspark.ml;

import io.seqspark.config.InvalidText;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;

import java.util.HashMap;
import java.util.Map;

/**
 * Params of {@link LanguageModeler} and {@link LanguageModel}: the text.* keys of a job file with task =
 * language-model (a character model; text.tokenizer is always char), and the output column of the per-text loss.
 */
public interface LanguageModelerParams extends SeqSparkParams, SharedParams.HasEmbeddingSize {
    Map<String, String> LANGUAGE_MODEL_KEYS = Map.ofEntries(
            Map.entry("textCol", "text.text-column"),
            Map.entry("lowercase", "text.lowercase"),
            Map.entry("vocabSize", "text.vocab-size"),
            Map.entry("minCount", "text.min-count"),
            Map.entry("maxLength", "text.max-length"),
            Map.entry("invalid", "text.invalid"),
            Map.entry("embeddingSize", "model.embedding-size"),
            Map.entry("tbpttLength", "training.tbptt-length"));

    @Override
    default Map<String, String> jobKeys() {
        Map<String, String> keys = new HashMap<>(COMMON_KEYS);
        keys.putAll(LANGUAGE_MODEL_KEYS);
        return keys;
    }

    default Param<String> textCol() {
        return new Param<>(this, "textCol", "text.text-column: one document per row (its last testFraction is "
                + "held out in fit)");
    }

    default Param<String> lossCol() {
        return new Param<>(this, "lossCol", "output column of each text's loss in nats per character (null for a "
                + "text of fewer than 2 characters)");
    }

    default BooleanParam lowercase() {
        return new BooleanParam(this, "lowercase", "text.lowercase");
    }

    default IntParam vocabSize() {
        return new IntParam(this, "vocabSize", "text.vocab-size: most frequent training characters kept");
    }

    default IntParam minCount() {
        return new IntParam(this, "minCount", "text.min-count: occurrences a character needs to be kept");
    }

    default IntParam maxLength() {
        return new IntParam(this, "maxLength", "text.max-length: characters of each training window");
    }

    default Param<String> invalid() {
        return ChoiceParam.of(this, "invalid", "text.invalid",
                "texts with undecodable characters in fit", InvalidText.class);
    }

    default IntParam tbpttLength() {
        return new IntParam(this, "tbpttLength", "training.tbptt-length: truncated backpropagation through time "
                + "segment; 0 = whole windows");
    }

    default String getTextCol() {
        return (String) getOrDefault(textCol());
    }

    default String getLossCol() {
        return (String) getOrDefault(lossCol());
    }

    default int getMaxLength() {
        return (Integer) getOrDefault(maxLength());
    }
}
