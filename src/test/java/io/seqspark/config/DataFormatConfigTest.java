package io.seqspark.config;

import io.seqspark.UserError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** data.format = table (data.table) and other Spark sources, checked before Spark starts. */
class DataFormatConfigTest {

    private static JobConfig load(String... sets) {
        return ConfigLoader.load(null, List.of(sets));
    }

    private static String error(String... sets) {
        return assertThrows(UserError.class, () -> load(sets)).getMessage();
    }

    @Test
    void tableNamesACatalogTableAndNoPath() {
        JobConfig c = load("data.format=table", "data.table=sales.daily");
        assertEquals("table", c.data().format());
        assertEquals("sales.daily", c.data().table());
        assertNull(c.data().path());
        assertEquals("data.table", c.data().mainKey());
        assertEquals("sales.daily", c.data().mainName());
        assertEquals("table sales.daily", c.data().source());
    }

    @Test
    void tableWithoutItsNameIsOneErrorNamingTheKey() {
        assertEquals("invalid configuration: data.table: is required when data.format = table (a table or view in "
                + "Spark's catalog, e.g. sales or db.sales)", error("data.format=table"));
    }

    @Test
    void tableRejectsAPathAndATestPath() {
        String m = error("data.format=table", "data.table=t", "data.path=/x.csv");
        assertTrue(m.contains("data.path: must be unset when data.format = table (found \"/x.csv\"); data.table "
                + "names the table"), m);
        m = error("data.format=table", "data.table=t", "data.test-path=/y.csv");
        assertTrue(m.contains("data.test-path: must be unset when data.format = table"), m);
    }

    @Test
    void aTableNameWithAnotherFormatIsAnError() {
        String m = error("data.format=csv", "data.path=/x.csv", "data.table=t");
        assertTrue(m.contains("data.table: applies to data.format = table only (found data.format = csv)"), m);
    }

    @Test
    void anySparkSourceOnTheClassPathPassesThrough() {
        JobConfig orc = load("data.format=orc", "data.path=/data/x.orc");
        assertEquals("orc", orc.data().format());
        // jdbc takes its url and table in data.options: no path needed.
        JobConfig jdbc = load("data.format=jdbc", "data.options.url=\"jdbc:h2:mem:x\"", "data.options.dbtable=t");
        assertEquals("jdbc", jdbc.data().format());
        assertNull(jdbc.data().path());
        assertEquals("t", jdbc.data().options().get("dbtable"));
    }

    @Test
    void aFileSourceStillNeedsItsPath() {
        assertTrue(error("data.format=orc").contains("data.path: is required when data.format = orc"));
    }

    @Test
    void anUnknownSourceIsOneErrorNamingItAndTheChoices() {
        String m = error("data.format=parqet", "data.path=/x");
        assertTrue(m.startsWith("invalid configuration: data.format: unknown format \"parqet\": expected one of csv | "
                + "generated | idx | json | parquet | table | text | tsv, or the name of a Spark data source on the "
                + "class path such as orc, avro, jdbc or delta ("), m);
        assertTrue(m.contains("parqet"), m);
        assertEquals(1, m.lines().count(), m);
    }
}
