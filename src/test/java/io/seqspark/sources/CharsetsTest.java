package io.seqspark.sources;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CharsetsTest {
    @Test
    void namesUsersWriteMapToTheCodePagesTheyMean() {
        Map<String, List<String>> expected = Map.of(
                "x-windows-949", List.of("CP949", "cp949", "UHC", "windows-949", "MS949", " MS949 "),
                "windows-31j", List.of("Shift_JIS", "SJIS", "shift-jis", "CP932", "MS932", "windows-31j"),
                "GBK", List.of("GBK", "CP936", "gb2312"),
                "ISO-8859-1", List.of("latin1", "ISO-8859-1"),
                "EUC-KR", List.of("EUC-KR", "euc-kr"),
                "UTF-8", List.of("UTF-8", "utf8", "utf-8"),
                "windows-1252", List.of("windows-1252", "cp1252"),
                "GB18030", List.of("GB18030"));
        expected.forEach((canonical, names) -> names.forEach(name ->
                assertEquals(canonical, Charsets.canonical(name), name)));
        // Java alone gets these wrong: the test would be vacuous if it did not.
        assertEquals("x-IBM949", Charset.forName("CP949").name());
        assertEquals("x-IBM942C", Charset.forName("CP932").name());
    }

    @Test
    void unknownNamesAreRejected() {
        for (String name : List.of("UTF-9", "", "no such charset")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Charsets.canonical(name));
            assertTrue(e.getMessage().contains("unknown charset"), e.getMessage());
        }
    }
}
