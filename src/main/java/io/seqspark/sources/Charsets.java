package io.seqspark.sources;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;
import java.util.Map;

/**
 * Charset names as users write them, mapped to the code pages they mean. Java resolves some common names to IBM
 * code pages ({@code CP949} to {@code x-IBM949}, {@code CP932} to {@code x-IBM942C}) or to the strict standard
 * ({@code Shift_JIS} without the Windows extensions), which reject or garble files written on Windows. Every place
 * that reads text.encoding (or data.options.encoding) goes through {@link #canonical}.
 */
public final class Charsets {
    private static final String WINDOWS_KOREAN = "x-windows-949";
    private static final String WINDOWS_JAPANESE = "windows-31j";
    /** Java's GBK is Windows CP936 (0x80 is the euro sign, which GB18030 does not accept). */
    private static final String WINDOWS_CHINESE = "GBK";

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("cp949", WINDOWS_KOREAN), Map.entry("uhc", WINDOWS_KOREAN),
            Map.entry("windows-949", WINDOWS_KOREAN), Map.entry("ms949", WINDOWS_KOREAN),
            Map.entry("x-windows-949", WINDOWS_KOREAN),
            // Windows' Japanese code page: Shift_JIS plus the NEC and IBM extensions (circled digits, ～ ...),
            // which is what files called Shift_JIS on Windows actually hold.
            Map.entry("shift_jis", WINDOWS_JAPANESE), Map.entry("shift-jis", WINDOWS_JAPANESE),
            Map.entry("sjis", WINDOWS_JAPANESE), Map.entry("x-sjis", WINDOWS_JAPANESE),
            Map.entry("cp932", WINDOWS_JAPANESE), Map.entry("ms932", WINDOWS_JAPANESE),
            Map.entry("windows-932", WINDOWS_JAPANESE), Map.entry("windows-31j", WINDOWS_JAPANESE),
            // GB2312 text is valid GBK with the same characters; GBK adds the rest of CP936.
            Map.entry("gbk", WINDOWS_CHINESE), Map.entry("cp936", WINDOWS_CHINESE),
            Map.entry("windows-936", WINDOWS_CHINESE), Map.entry("gb2312", WINDOWS_CHINESE),
            // latin1 means ISO-8859-1 (Java agrees); Windows files with curly quotes or € are windows-1252.
            Map.entry("latin1", "ISO-8859-1"), Map.entry("latin-1", "ISO-8859-1"));

    private Charsets() {
    }

    /**
     * @return the Java name of the charset {@code name} means (e.g. {@code CP949} -> {@code x-windows-949})
     * @throws IllegalArgumentException when Java has no such charset
     */
    public static String canonical(String name) {
        String alias = ALIASES.get(name.trim().toLowerCase(Locale.ROOT));
        if (alias != null) {
            return alias;
        }
        try {
            return Charset.forName(name.trim()).name();
        } catch (IllegalCharsetNameException | java.nio.charset.UnsupportedCharsetException e) {
            throw new IllegalArgumentException("unknown charset \"" + name + "\"", e);
        }
    }

    /** {@link #canonical} as a Charset. */
    public static Charset forName(String name) {
        return Charset.forName(canonical(name));
    }
}
