package io.seqspark.config;

/** text.tokenizer. */
public enum Tokenizer implements ConfigChoice {
    WORD,
    CHAR,
    KOREAN;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
