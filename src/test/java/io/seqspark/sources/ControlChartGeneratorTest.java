package io.seqspark.sources;

import io.seqspark.config.GeneratorName;
import io.seqspark.config.JobConfig;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlChartGeneratorTest {
    private static final JobConfig.Generator G = new JobConfig.Generator(GeneratorName.CONTROL_CHART, 600, 40, 60, 7);

    @Test
    void deterministicForASeed() {
        assertEquals(ControlChartGenerator.series(17, G), ControlChartGenerator.series(17, G));
        JobConfig.Generator other = new JobConfig.Generator(GeneratorName.CONTROL_CHART, 600, 40, 60, 8);
        assertNotEquals(ControlChartGenerator.series(17, G), ControlChartGenerator.series(17, other));
    }

    @Test
    void lengthsStayInRangeAndClassesAreBalanced() {
        Map<String, Integer> perClass = new HashMap<>();
        for (long id = 0; id < 600; id++) {
            List<Row> rows = ControlChartGenerator.series(id, G);
            assertTrue(rows.size() >= 40 && rows.size() <= 60, "length " + rows.size());
            for (int t = 0; t < rows.size(); t++) {
                assertEquals(t, rows.get(t).getInt(1));
                assertEquals(id, rows.get(t).getLong(0));
            }
            perClass.merge(rows.get(0).getString(4), 1, Integer::sum);
        }
        assertEquals(6, perClass.size());
        perClass.values().forEach(n -> assertEquals(100, n));
    }

    @Test
    void classesHaveTheirShape() {
        // cyclic swings widely; an increasing trend ends higher than it starts; a downward shift ends lower.
        double cyclicRange = range(ControlChartGenerator.series(1, G));
        double normalRange = range(ControlChartGenerator.series(0, G));
        assertTrue(cyclicRange > normalRange, cyclicRange + " vs " + normalRange);
        for (long id = 2; id < 600; id += 6) {
            List<Row> up = ControlChartGenerator.series(id, G);
            assertTrue(mean(up.subList(up.size() - 10, up.size())) > mean(up.subList(0, 10)), "trend at id " + id);
        }
        for (long id = 5; id < 600; id += 6) {
            List<Row> down = ControlChartGenerator.series(id, G);
            assertTrue(mean(down.subList(down.size() - 5, down.size())) < mean(down.subList(0, 5)), "shift " + id);
        }
    }

    private static double range(List<Row> rows) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (Row r : rows) {
            min = Math.min(min, r.getDouble(2));
            max = Math.max(max, r.getDouble(2));
        }
        return max - min;
    }

    private static double mean(List<Row> rows) {
        return rows.stream().mapToDouble(r -> r.getDouble(2)).average().orElseThrow();
    }
}
