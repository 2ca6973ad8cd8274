package io.seqspark.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * report.json's {@code text}: how text became token ids.
 *
 * @param tokenizer      text.tokenizer
 * @param vocabularySize tokens of the vocabulary, padding and unknown included
 * @param maxLength      text classification: text.max-length
 * @param embeddingSize  text classification: model.embedding-size
 * @param sequenceLength language models: the training sequence length (text.max-length)
 * @param tbpttLength    language models: training.tbptt-length
 * @param embedding      text classification: where the token embedding started
 * @param sample         language models: text generated after training
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TextSection(String tokenizer, int vocabularySize, Integer maxLength, Integer embeddingSize,
                          Integer sequenceLength, Integer tbpttLength, Embedding embedding, Sample sample) {

    /**
     * @param source   random, word2vec (text.pretrain) or the vectors file
     * @param coverage for pretrained vectors, how much of the vocabulary they covered; null for random
     * @param freeze   whether the embedding was frozen during training
     */
    public record Embedding(String source, @JsonInclude(JsonInclude.Include.ALWAYS) Coverage coverage,
                            boolean freeze) {
        public static final Embedding RANDOM = new Embedding("random", null, false);
    }

    /**
     * @param vocabularyFound      vocabulary tokens with a vector
     * @param vocabularySize       vocabulary tokens
     * @param vocabulary           vocabularyFound / vocabularySize
     * @param trainingOccurrences  the share of the training token occurrences with a vector
     */
    public record Coverage(int vocabularyFound, int vocabularySize, double vocabulary, double trainingOccurrences) {
    }

    /** Text sampled from the trained model at {@code temperature}. */
    public record Sample(double temperature, String text) {
    }
}
