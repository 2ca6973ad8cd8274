package io.seqspark.it;

import io.seqspark.CapturedOutput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.SparkTestSupport;
import io.seqspark.cli.Main;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Time-series input fidelity (issue 17): time zones, exact error details, series too short for a window, and gaps
 * in a regular series.
 */
class TimeSeriesInputIT {
    @RegisterExtension
    final CapturedOutput err = CapturedOutput.stderr();

    private int train(Path dir, Path data, String runId, String... sets) throws Exception {
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, """
                job { name = ts, output = "%s" }
                task = forecast
                data { format = csv, path = "%s" }
                sequence.window.lookback = 3
                split.validation = 0
                model.units = [4]
                training.epochs = 1
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(dir.resolve("runs"), data));
        List<String> args = new ArrayList<>(List.of("train", "--conf", conf.toString(), "--master", "local[2]",
                "--run-id", runId));
        for (String s : sets) {
            args.addAll(List.of("--set", s));
        }
        java.util.Map<String, String> before = OutputTree.snapshot(dir.resolve("runs"));
        int exit = Main.execute(args.toArray(new String[0]));
        if (exit != 0) {
            assertEquals(before, OutputTree.snapshot(dir.resolve("runs")), "a failed run leaves job.output as it was");
        }
        return exit;
    }

    private static JsonNode report(Path dir, String runId) throws Exception {
        return new ObjectMapper().readTree(dir.resolve("runs/ts/" + runId + "/report.json").toFile());
    }

    private String errors() {
        return err.text();
    }

    /** 48 hourly steps through the night Europe/Berlin skips 02:00 (2015-03-29). */
    private static Path hourly(Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("Time,Load\n");
        LocalDateTime t = LocalDateTime.of(2015, 3, 28, 12, 0);
        for (int i = 0; i < 48; i++) {
            csv.append(t.plusHours(i).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))).append(',')
                    .append(10 + i % 24).append('\n');
        }
        Path p = dir.resolve("hourly.csv");
        Files.writeString(p, csv);
        return p;
    }

    @Test
    void theMachinesTimeZoneDoesNotChangeTheRun(@TempDir Path dir) throws Exception {
        Path data = hourly(dir);
        assertTrue(Files.readString(data).contains("2015-03-29 02:00:00"));
        TimeZone saved = TimeZone.getDefault();
        JsonNode berlin;
        JsonNode utc;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
            assertEquals(0, train(dir, data, "berlin", "sequence.time-column=Time", "sequence.target-columns=[Load]"),
                    errors());
            berlin = report(dir, "berlin");
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            assertEquals(0, train(dir, data, "utc", "sequence.time-column=Time", "sequence.target-columns=[Load]"),
                    errors());
            utc = report(dir, "utc");
        } finally {
            TimeZone.setDefault(saved);
        }
        assertEquals(utc.get("data"), berlin.get("data"));
        assertEquals(48 - 10 - 3, utc.get("data").get("train_examples").asInt(), "38 train steps, lookback 3");
        assertEquals(utc.get("metrics").get("test").get("rmse").asDouble(),
                berlin.get("metrics").get("test").get("rmse").asDouble(), 1e-6);
    }

    @Test
    void aDuplicateTimeQuotesTheFilesText(@TempDir Path dir) throws Exception {
        // In Europe/Berlin, 02:00 on 2015-03-29 does not exist and lands on 03:00: a duplicate of the next row.
        Path data = hourly(dir);
        assertEquals(2, train(dir, data, "r", "sequence.time-column=Time", "sequence.target-columns=[Load]",
                "data.time-zone=Europe/Berlin"));
        String message = errors();
        assertTrue(message.contains("1 time value(s) occur more than once"), message);
        assertTrue(message.contains("Time = 2015-03-29 0"), message);
        assertTrue(message.matches("(?s).*\"Time\":\"2015-03-29 0[23]:00:00\",\"Load\":\\d+.*"), message);
        Path months = dir.resolve("months.csv");
        Files.writeString(months, "Month,Passengers\n1949-01,112\n1949-02,118\n1949-02,120\n1949-03,130\n");
        err.reset();
        assertEquals(2, train(dir, months, "m", "sequence.time-column=Month", "sequence.target-columns=[Passengers]"));
        assertTrue(errors().contains("Month = 1949-02 (2 rows)"), errors());
        assertFalse(errors().contains("00:00:00"), errors());
    }

    @Test
    void offsetsAreInstantsAndAZonesDstHourIsNoGap(@TempDir Path dir) throws Exception {
        // The same 48 hours in Berlin, written with offsets (01:00+01:00 is followed by 03:00+02:00, an hour later)
        // and as Berlin wall-clock time without the hour that does not exist.
        StringBuilder withOffsets = new StringBuilder("Time,Load\n");
        StringBuilder wallClock = new StringBuilder("Time,Load\n");
        ZonedDateTime t = ZonedDateTime.of(2015, 3, 28, 12, 0, 0, 0, ZoneId.of("Europe/Berlin"));
        for (int i = 0; i < 48; i++) {
            ZonedDateTime h = t.plusHours(i);
            withOffsets.append(h.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(',').append(10 + i % 24)
                    .append('\n');
            wallClock.append(h.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))).append(',')
                    .append(10 + i % 24).append('\n');
        }
        assertTrue(withOffsets.toString().contains("2015-03-29T01:00:00+01:00,"));
        assertTrue(withOffsets.toString().contains("2015-03-29T03:00:00+02:00,"));
        Path offsets = dir.resolve("offsets.csv");
        Files.writeString(offsets, withOffsets);
        Path wall = dir.resolve("wall.csv");
        Files.writeString(wall, wallClock);
        assertEquals(0, train(dir, offsets, "offsets", "sequence.time-column=Time", "sequence.target-columns=[Load]"),
                errors());
        assertEquals(0, train(dir, wall, "wall", "sequence.time-column=Time", "sequence.target-columns=[Load]",
                "data.time-zone=Europe/Berlin"), errors());
        assertEquals(report(dir, "offsets").get("data"), report(dir, "wall").get("data"));
        assertEquals(48 - 10 - 3, report(dir, "wall").get("data").get("train_examples").asInt());
    }

    @Test
    void aTimeZoneConflictIsOneClearError(@TempDir Path dir) throws Exception {
        Path data = hourly(dir);
        assertEquals(2, train(dir, data, "r", "sequence.time-column=Time", "sequence.target-columns=[Load]",
                "data.time-zone=Europe/Berlin", "spark.conf.\"spark.sql.session.timeZone\"=UTC"));
        assertTrue(errors().contains("data.time-zone: is Europe/Berlin but spark.conf"), errors());
    }

    @Test
    void oneBadValueAmongManyIsCountedAndShownAlone(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("t,v\n");
        for (int i = 1; i <= 240; i++) {
            csv.append(i == 100 ? "x100" : String.valueOf(i)).append(',').append(i == 200 ? "" : "5").append('\n');
        }
        Path data = dir.resolve("steps.csv");
        Files.writeString(data, csv);
        assertEquals(2, train(dir, data, "r", "sequence.time-column=t", "sequence.target-columns=[v]"));
        assertTrue(errors().contains(": 1 time value(s) that do not parse"), errors());
        assertTrue(errors().contains("{\"t\":\"x100\",\"v\":5}"), errors());

        Files.writeString(data, csv.toString().replace("x100", "100"));
        err.reset();
        assertEquals(2, train(dir, data, "r", "sequence.time-column=t", "sequence.target-columns=[v]"));
        assertTrue(errors().contains("column 'v' in " + data + ": 1 row(s) with missing or non-finite values"),
                errors());
        assertTrue(errors().contains("{\"t\":200,\"v\":null}"), errors());
    }

    @Test
    void aSeriesTooShortForAWindowIsCountedAndPredictedWithAReason(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("id,t,v\n");
        for (int s = 0; s < 12; s++) {
            int length = s == 7 ? 6 : 40;
            for (int t = 0; t < length; t++) {
                csv.append("s").append(s).append(',').append(t).append(',').append(s + Math.sin(t)).append('\n');
            }
        }
        Path data = dir.resolve("series.csv");
        Files.writeString(data, csv);
        assertEquals(0, train(dir, data, "r", "sequence.id-column=id", "sequence.time-column=t",
                "sequence.target-columns=[v]", "sequence.window.lookback=12", "sequence.window.horizon=2"), errors());
        JsonNode skipped = report(dir, "r").get("data").get("series_skipped");
        assertEquals(1, skipped.get("count").asInt(), skipped.toString());
        assertEquals("s7", skipped.get("examples").get(0).asText());
        assertEquals(12, report(dir, "r").get("data").get("series").asInt());
        assertTrue(Files.readString(dir.resolve("runs/ts/r/report.html")).contains("series skipped</th><td>1 ("));
        assertEquals(0, Main.execute("evaluate", "--model", dir.resolve("runs/ts/r/model").toString(), "--master",
                "local[2]", "--run-id", "e"), errors());
        JsonNode evaluated = new ObjectMapper().readTree(dir.resolve("runs/ts-evaluate/e/report.json").toFile());
        assertEquals(1, evaluated.get("data").get("series_skipped").get("count").asInt(), evaluated.toString());

        Path output = dir.resolve("forecasts");
        assertEquals(0, Main.execute("predict", "--model", dir.resolve("runs/ts/r/model").toString(), "--input",
                data.toString(), "--output", output.toString(), "--master", "local[2]"), errors());
        SparkSession spark = SparkTestSupport.localSpark();
        try {
            List<Row> rows = spark.read().parquet(output.toString()).collectAsList();
            assertEquals(11 * 2 + 1, rows.size());
            Row s7 = rows.stream().filter(r -> r.getString(0).equals("s7")).findFirst().orElseThrow();
            assertTrue(s7.isNullAt(1) && s7.isNullAt(2), s7.toString());
            assertTrue(s7.getString(3).contains("6 step(s)"), s7.toString());
            assertTrue(rows.stream().filter(r -> !r.getString(0).equals("s7")).allMatch(r -> r.isNullAt(3)));
        } finally {
            spark.stop();
        }
    }

    @Test
    void aSeriesTheMissingPolicyEmptiesIsCounted(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("id,t,v\n");
        for (String id : List.of("a", "b", "c")) {
            for (int t = 0; t < 30; t++) {
                csv.append(id).append(',').append(t).append(',').append(id.equals("b") ? "" : String.valueOf(t % 5))
                        .append('\n');
            }
        }
        Path data = dir.resolve("series.csv");
        Files.writeString(data, csv);
        assertEquals(0, train(dir, data, "r", "sequence.id-column=id", "sequence.time-column=t",
                "sequence.target-columns=[v]", "sequence.missing=drop"), errors());
        JsonNode emptied = report(dir, "r").get("data").get("series_emptied");
        assertEquals(1, emptied.get("count").asInt(), emptied.toString());
        assertEquals("b", emptied.get("examples").get(0).asText());
        assertEquals(2, report(dir, "r").get("data").get("series").asInt());
    }

    /** 120 days with a 30-day hole after day 20 and a 5-day hole after day 70 (85 rows). */
    private static Path daily(Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("Date,Temp\n");
        LocalDate start = LocalDate.of(2020, 1, 1);
        for (int d = 0; d < 120; d++) {
            if ((d >= 20 && d < 50) || (d >= 70 && d < 75)) {
                continue;
            }
            csv.append(start.plusDays(d)).append(',').append(10 + d % 7).append('\n');
        }
        Path p = dir.resolve("daily.csv");
        Files.writeString(p, csv);
        return p;
    }

    /** Two monthly series of 24 months (1949-01 to 1950-12), b without 1949-05. */
    private static Path monthly(Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("id,Month,Passengers\n");
        for (String id : List.of("a", "b")) {
            for (int m = 0; m < 24; m++) {
                String month = String.format("%d-%02d", 1949 + m / 12, m % 12 + 1);
                if (!(id.equals("b") && month.equals("1949-05"))) {
                    csv.append(id).append(',').append(month).append(',').append(100 + m).append('\n');
                }
            }
        }
        Path p = dir.resolve("monthly.csv");
        Files.writeString(p, csv);
        return p;
    }

    @Test
    void gapsAreAnErrorByDefault(@TempDir Path dir) throws Exception {
        Path data = daily(dir);
        assertEquals(2, train(dir, data, "r", "sequence.time-column=Date", "sequence.target-columns=[Temp]"));
        String message = errors();
        assertTrue(message.contains("2 gap(s) (35 missing step(s)); first: Date jumps from 2020-01-20 to "
                + "2020-02-20 (frequency 1 day, the series' most common step)"), message);
        assertTrue(message.contains("sequence.gaps"), message);
        // A given frequency of a week: only the 30-day hole is a gap.
        err.reset();
        assertEquals(2, train(dir, data, "r", "sequence.time-column=Date", "sequence.target-columns=[Temp]",
                "sequence.frequency=1w"));
        assertTrue(errors().contains("column 'Date' in " + data + ": 1 gap(s) (4 missing step(s)); first: Date "
                + "jumps from 2020-01-20 to 2020-02-20 (frequency 7 days, sequence.frequency)"), errors());
        // Months are calendar steps (28 to 31 days); the message quotes the file's 1949-04, not a timestamp.
        err.reset();
        assertEquals(2, train(dir, monthly(dir), "r", "sequence.id-column=id", "sequence.time-column=Month",
                "sequence.target-columns=[Passengers]"));
        assertTrue(errors().contains("1 gap(s) (1 missing step(s)); first: id = b: Month jumps from 1949-04 to "
                + "1949-06 (frequency 1 month, the series' most common step)"), errors());
    }

    @Test
    void gapsFilledOrIgnored(@TempDir Path dir) throws Exception {
        Path data = daily(dir);
        assertEquals(0, train(dir, data, "fill", "sequence.time-column=Date", "sequence.target-columns=[Temp]",
                "sequence.gaps=fill", "sequence.missing=ffill"), errors());
        assertEquals(0, train(dir, data, "ignore", "sequence.time-column=Date", "sequence.target-columns=[Temp]",
                "sequence.gaps=ignore"), errors());
        JsonNode filled = report(dir, "fill").get("data");
        JsonNode ignored = report(dir, "ignore").get("data");
        // 120 steps once filled (test: the last 24, train 96 - lookback 3); 85 rows as they are.
        assertEquals(96 - 3, filled.get("train_examples").asInt(), filled.toString());
        assertEquals(24, filled.get("test_examples").asInt(), filled.toString());
        assertEquals(68 - 3, ignored.get("train_examples").asInt(), ignored.toString());
        assertEquals(0, train(dir, monthly(dir), "months", "sequence.id-column=id", "sequence.time-column=Month",
                "sequence.target-columns=[Passengers]", "sequence.gaps=fill", "sequence.missing=ffill"), errors());
        // Both series have 24 months once filled: test the last 5, train 19 - lookback 3 windows each.
        assertEquals(2 * 16, report(dir, "months").get("data").get("train_examples").asInt());
        // fill without a missing-value policy: the inserted steps are missing values, reported as such.
        err.reset();
        assertEquals(2, train(dir, data, "e", "sequence.time-column=Date", "sequence.target-columns=[Temp]",
                "sequence.gaps=fill"));
        assertTrue(errors().contains("35 row(s) with missing or non-finite values (empty, null, NaN or infinite) "
                + "(counting the steps inserted by sequence.gaps = fill)"), errors());
    }
}
