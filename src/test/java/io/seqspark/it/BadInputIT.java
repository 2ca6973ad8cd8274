package io.seqspark.it;

import io.seqspark.CapturedOutput;
import io.seqspark.cli.Main;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad time-series files through the real CLI: exit code 2 and one message that names the column and shows an
 * example row, never a stack trace; and nothing is written.
 */
class BadInputIT {
    @RegisterExtension
    final CapturedOutput err = CapturedOutput.stderr();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing column     | Month,Riders;1949-01,112;1949-02,118 | sequence.target-columns / feature-columns: column 'Passengers' not found | Month, Riders",
            "string in a number | Month,Passengers;1949-01,112;1949-02,n/a | column 'Passengers' | \"Passengers\":\"n/a\"",
            "unparseable time   | Month,Passengers;1949-01,112;someday,118 | column 'Month' | \"Month\":\"someday\"",
            "duplicate time     | Month,Passengers;1949-01,112;1949-01,118 | column 'Month' | \"Passengers\":112",
            "missing value      | Month,Passengers;1949-01,112;1949-02,;1949-03,132 | column 'Passengers' | \"Passengers\":null",
    })
    void badInputExitsWith2NamingTheColumnAndAnExample(String problem, String csv, String names, String example,
                                                       @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path data = dir.resolve("series.csv");
        Files.writeString(data, csv.replace(';', '\n') + "\n");
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, """
                job { name = bad, output = "%s" }
                task = forecast
                data { format = csv, path = "%s" }
                sequence { time-column = Month, target-columns = [Passengers], window.lookback = 1 }
                split.validation = 0
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(dir.resolve("runs"), data));
        assertEquals(2, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]"), problem);
        String message = err.text();
        assertTrue(message.contains(names), problem + ": " + message);
        assertTrue(message.contains(example), problem + ": " + message);
        assertTrue(message.contains(data.toString()), "names the file: " + message);
        assertFalse(message.contains("Exception") || message.contains("\tat "), "no stack trace: " + message);
        assertFalse(Files.exists(dir.resolve("runs/bad")) && Files.list(dir.resolve("runs/bad"))
                .anyMatch(p -> !p.getFileName().toString().startsWith(".")), "no run written");
    }
}
