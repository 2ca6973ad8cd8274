package io.seqspark.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * report.json's {@code data}: how many examples each split held and what was left out, so nothing drops out of a
 * run silently. Examples are sequences, windows (forecasting), texts or documents (language models).
 *
 * @param series           forecasting: the number of series
 * @param seriesSkipped    forecasting: series that gave no window
 * @param seriesEmptied    forecasting: series whose every row sequence.missing removed
 * @param sequencesSkipped sequence classification: sequences whose every row sequence.missing removed
 * @param dropped          text tasks: examples or files text.invalid = drop left out, by reason
 * @param testDropped      text classification with data.test-path: the same for the test file
 * @param scored           language-model evaluate: which text was scored
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataCounts(long trainExamples, long validationExamples, long testExamples, Long series,
                         Skipped seriesSkipped, Skipped seriesEmptied, Skipped sequencesSkipped,
                         Map<String, Long> dropped, Map<String, Long> testDropped, String scored) {

    /** Only the three split counts. */
    public static DataCounts of(long train, long validation, long test) {
        return new DataCounts(train, validation, test, null, null, null, null, null, null, null);
    }

    /** An evaluation's counts: everything scored is test data. */
    public static DataCounts evaluated(long test) {
        return of(0, 0, test);
    }

    public DataCounts withSeries(long n, Skipped skipped, Skipped emptied) {
        return new DataCounts(trainExamples, validationExamples, testExamples, n, skipped, emptied,
                sequencesSkipped, dropped, testDropped, scored);
    }

    public DataCounts withSequencesSkipped(Skipped skipped) {
        return new DataCounts(trainExamples, validationExamples, testExamples, series, seriesSkipped, seriesEmptied,
                skipped, dropped, testDropped, scored);
    }

    /** @param test the separate test file's, or null */
    public DataCounts withDropped(Map<String, Long> main, Map<String, Long> test) {
        return new DataCounts(trainExamples, validationExamples, testExamples, series, seriesSkipped, seriesEmptied,
                sequencesSkipped, main, test, scored);
    }

    public DataCounts withScored(String what) {
        return new DataCounts(trainExamples, validationExamples, testExamples, series, seriesSkipped, seriesEmptied,
                sequencesSkipped, dropped, testDropped, what);
    }

    /**
     * Sequences or series left out: how many, and when any, the first few ids (in sort order) and why.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Skipped(long count, List<String> examples, String reason) {
        public static final Skipped NONE = new Skipped(0, null, null);
    }
}
