package io.seqspark.tasks;

import io.seqspark.config.ConfigLoader;
import io.seqspark.config.JobConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TasksTest {
    /** Each shipped job file picks the task its comment says; the text section is what makes text classification. */
    @ParameterizedTest
    @CsvSource({
            "quickstart.conf, SEQUENCE_CLASSIFICATION",
            "fashion-mnist.conf, SEQUENCE_CLASSIFICATION",
            "daily-min-temperatures.conf, FORECASTING",
            "airline-passengers.conf, FORECASTING",
            "nsmc-sentiment.conf, TEXT_CLASSIFICATION",
            "tinyshakespeare.conf, LANGUAGE_MODEL"})
    void eachJobFilePicksItsTask(String file, String task) throws Exception {
        Task expected = (Task) Tasks.class.getField(task).get(null);
        JobConfig config = ConfigLoader.load("conf/" + file, List.of());
        assertSame(expected, Tasks.of(config), file);
        // A saved model's task, as messages and the evaluate/predict checks name it, is the job file's value.
        assertEquals(config.task(), expected.taskKey(), file);
    }
}
