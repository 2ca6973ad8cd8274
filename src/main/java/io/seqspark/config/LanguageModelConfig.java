package io.seqspark.config;

/**
 * task = language-model: character streams from plain-text files (data.format = text, each file one document) or
 * from the text.text-column of rows of any other source. The test set is the last split.test of each text; the
 * network reads the output at every step, so model.head stays last.
 */
final class LanguageModelConfig extends TaskConfig {
    LanguageModelConfig(String task) {
        super(task, true);
    }

    @Override
    Sections read(ConfigReader r, JobConfig.Data data) {
        // data.test-path of a language model: a whole other text for evaluate to score; train rejects it
        // (LanguageModelTraining), since training's test text is the last split.test of data.path.
        return new Sections(readText(r, data.format()), null, null, EmbeddingConfig.read(r, false, task));
    }

    @Override
    void check(ConfigReader r, Shared shared) {
        super.check(r, shared);
        requireSplitByTime(r, shared, "the last part of the text is the test set");
        requireLastHead(r, shared, "output at every step");
        rejectClassWeights(r, shared);
    }

    private static JobConfig.TextSpec readText(ConfigReader r, String format) {
        String textColumn = r.optString("text.text-column").orElse(null);
        if ("text".equals(format)) {
            if (textColumn != null) {
                r.error("text.text-column", "does not apply to task = language-model with data.format = text (the "
                        + "files' contents are the text); unset it, or read rows with data.format = csv, parquet, "
                        + "table, ...");
            }
        } else if ("idx".equals(format) || "generated".equals(format) || textColumn == null) {
            r.error("data.format", "task = language-model reads plain-text files (data.format = text) or one "
                    + "document per row from the text.text-column of a csv, tsv, json, parquet or table source (found "
                    + "data.format = " + format + (textColumn == null ? " without text.text-column" : "") + ")");
        }
        r.optString("text.label-column").ifPresent(c -> r.error("text.label-column",
                "does not apply to task = language-model; unset it"));
        Tokenizer tokenizer = r.choice("text.tokenizer", Tokenizer.class);
        // As given, so a misspelt tokenizer is told what a language model needs too.
        String tokenizerName = tokenizer != null ? tokenizer.key() : r.optString("text.tokenizer").orElse(null);
        if (tokenizerName != null && tokenizer != Tokenizer.CHAR) {
            r.error("text.tokenizer", "task = language-model supports char (found " + tokenizerName + ")");
        }
        String encoding = encoding(r);
        return new JobConfig.TextSpec("text".equals(format) ? null : textColumn, null, null, tokenizer,
                r.bool("text.lowercase"), r.intIn("text.vocab-size", 1, 10_000_000),
                r.intIn("text.min-count", 1, Integer.MAX_VALUE), r.intIn("text.max-length", 2, 1_000_000), encoding,
                r.choice("text.invalid", InvalidText.class));
    }
}
