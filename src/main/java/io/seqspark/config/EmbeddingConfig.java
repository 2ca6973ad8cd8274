package io.seqspark.config;

/** Reads text.pretrain and model.embedding: how a text classifier's token embedding starts. */
final class EmbeddingConfig {
    private EmbeddingConfig() {
    }

    /** @param textClassification the job classifies texts (the only task with a token embedding these keys set) */
    static JobConfig.EmbeddingSpec read(ConfigReader r, boolean textClassification, String task) {
        boolean pretrain = r.bool("text.pretrain.enabled");
        String path = r.optString("text.pretrain.path").orElse(null);
        String where = r.optString("text.pretrain.where").orElse(null);
        int window = r.intIn("text.pretrain.window", 1, 1000);
        int minCount = r.intIn("text.pretrain.min-count", 1, Integer.MAX_VALUE);
        int iterations = r.intIn("text.pretrain.iterations", 1, 1000);
        String vectors = r.optString("model.embedding.vectors").orElse(null);
        boolean freeze = r.bool("model.embedding.freeze");
        if (!pretrain && (path != null || where != null)) {
            r.error(path != null ? "text.pretrain.path" : "text.pretrain.where",
                    "applies only with text.pretrain.enabled = true");
        }
        if (pretrain && vectors != null) {
            r.error("model.embedding.vectors", "cannot be combined with text.pretrain.enabled = true (found "
                    + "\"" + vectors + "\"); the embedding starts from one source: pretrain it or load it");
        }
        if (!textClassification) {
            if (pretrain) {
                r.error("text.pretrain.enabled", "applies to text classification only (task = classification with "
                        + "text.text-column or data.format = text), found task = " + task);
            }
            if (vectors != null) {
                r.error("model.embedding.vectors", "applies to text classification only (task = classification "
                        + "with text.text-column or data.format = text), found task = " + task);
            }
            if (freeze) {
                r.error("model.embedding.freeze", "applies to text classification only, found task = " + task);
            }
        }
        if (freeze && !pretrain && vectors == null) {
            r.error("model.embedding.freeze", "would keep a random embedding fixed; set text.pretrain.enabled = true "
                    + "or model.embedding.vectors");
        }
        return new JobConfig.EmbeddingSpec(pretrain, path, where, window, minCount, iterations, vectors, freeze);
    }
}
