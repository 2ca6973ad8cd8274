package io.seqspark.config;

import java.util.List;

/**
 * task = classification: labelled sequences, as step rows or flat arrays (the sequence section), or labelled texts
 * (the text section, with text.pretrain and model.embedding for the token embedding). The test set is a random
 * split of whole sequences, stratified by label; every model.head applies.
 */
final class ClassificationConfig extends TaskConfig {
    ClassificationConfig(String task) {
        super(task, false);
    }

    @Override
    Sections read(ConfigReader r, JobConfig.Data data) {
        JobConfig.TextSpec text = readText(r, data.format());
        JobConfig.SequenceSpec sequence = text == null ? readSequence(r, "idx".equals(data.format())) : null;
        return new Sections(text, sequence, null, EmbeddingConfig.read(r, text != null, task));
    }

    @Override
    void check(ConfigReader r, Shared shared) {
        super.check(r, shared);
        if ("time".equals(shared.splitBy())) {
            r.error("split.by", "time applies to task = forecast or language-model only; classification splits "
                    + "whole sequences at random, stratified by label (split.by = random)");
        }
        if (shared.headGiven() != null && shared.model().head() != Head.LAST
                && shared.model().output() == ModelOutput.CELL) {
            r.error("model.head", shared.headGiven() + " pools the outputs of every step, which are hidden states; "
                    + "model.output = cell (the cell state at the last step) requires model.head = last");
        }
    }

    /** The text section when this is a text job (text.text-column set, or data.format = text), else null. */
    private static JobConfig.TextSpec readText(ConfigReader r, String format) {
        String textColumn = r.optString("text.text-column").orElse(null);
        boolean folders = "text".equals(format);
        if (textColumn == null && !folders) {
            return null;
        }
        if (folders && textColumn != null) {
            r.error("text.text-column", "must be unset when data.format = text (each file's contents are the text, "
                    + "its folder the label)");
        }
        if ("idx".equals(format) || "generated".equals(format)) {
            r.error("data.format", format + " holds no text; text jobs read csv, tsv, json, parquet or text");
        }
        String label = folders ? r.optString("text.label-column").orElse(null)
                : r.requiredString("text.label-column", "for text classification (the column with each text's label)");
        if (folders && label != null) {
            r.error("text.label-column", "must be unset when data.format = text (the label is the folder name)");
        }
        String encoding = encoding(r);
        return new JobConfig.TextSpec(textColumn, label, r.optString("text.id-column").orElse(null),
                r.choice("text.tokenizer", Tokenizer.class), r.bool("text.lowercase"),
                r.intIn("text.vocab-size", 1, 10_000_000), r.intIn("text.min-count", 1, Integer.MAX_VALUE),
                r.intIn("text.max-length", 1, 1_000_000), encoding, r.choice("text.invalid", InvalidText.class));
    }

    /** Step rows (time + feature columns) or flat arrays (array column reshaped to steps x features-per-step). */
    private static JobConfig.SequenceSpec readSequence(ConfigReader r, boolean idx) {
        String arrayColumn = r.optString("sequence.array-column").orElse(idx ? "pixels" : null);
        String why = "for task = classification (see the sequence section of conf/reference.conf)";
        String id = r.requiredString("sequence.id-column", why);
        String label = r.requiredString("sequence.label-column", why);
        Scaling scaling = r.choice("sequence.scaling", Scaling.class);
        Missing missing = r.choice("sequence.missing", Missing.class);
        List<String> features = r.stringList("sequence.feature-columns");
        if (arrayColumn != null) {
            String flat = "with sequence.array-column (one flat array per sequence)";
            int steps = r.intIn("sequence.steps", 1, 1_000_000);
            int perStep = r.intIn("sequence.features-per-step", 1, 1_000_000);
            if (r.optString("sequence.time-column").isPresent()) {
                r.error("sequence.time-column", "does not apply " + flat + "; unset it");
            }
            if (features != null && !features.isEmpty()) {
                r.error("sequence.feature-columns", "does not apply " + flat + "; unset it");
            }
            return new JobConfig.SequenceSpec(id, null, List.of(), label, scaling, arrayColumn, steps, perStep,
                    missing);
        }
        if (features != null && features.isEmpty()) {
            r.error("sequence.feature-columns", "expected at least one column name " + why);
        }
        return new JobConfig.SequenceSpec(id, r.requiredString("sequence.time-column", why), features, label,
                scaling, null, 0, 0, missing);
    }
}
