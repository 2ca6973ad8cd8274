package io.seqspark.vectorize.text;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizersTest {
    @Test
    void koreanAnalyzerSplitsParticlesAndEndingsFromTheirStems() {
        List<String> tokens = Tokenizers.morphemes("영화가 정말 재밌네요");
        // 영화가 = 영화 (movie) + 가 (subject particle): the stem is shared with 영화를, 영화는, ...
        assertEquals("영화", tokens.get(0));
        assertTrue(tokens.contains("가"), tokens.toString());
        assertTrue(tokens.size() > 3, "morphemes, not the 3 space-separated words: " + tokens);
        assertEquals(Tokenizers.morphemes("영화를 봤다").get(0), "영화");
    }

    @Test
    void koreanAnalyzerLowerCasesLatinAndDropsPunctuation() {
        assertEquals(List.of("cgv", "에서"), Tokenizers.morphemes("CGV에서!!"));
    }

    @Test
    void charactersKeepOneSpaceBetweenWords() {
        assertEquals(List.of("a", "b", " ", "한", "!"), Tokenizers.chars("  aB \n\t 한!  ", true));
        assertEquals(List.of("A"), Tokenizers.chars("A", false));
    }

    @Test
    void idsMapUnknownTokensToOneAndTruncate() {
        Vocabulary v = new Vocabulary(List.of("good", "bad"));
        Map<String, Integer> index = v.index();
        assertEquals(4, v.size(), "padding + unknown + 2 tokens");
        float[][] ids = Vocabulary.ids(List.of("bad", "zorblax", "good", "good"), index, 3);
        assertEquals(3, ids.length);
        assertArrayEquals(new float[]{3}, ids[0]);
        assertArrayEquals(new float[]{Vocabulary.UNKNOWN}, ids[1]);
        assertArrayEquals(new float[]{2}, ids[2]);
    }
}
