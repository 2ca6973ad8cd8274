package io.seqspark.vectorize;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChunksTest {
    @Test
    void fullChunksThenTheRemainderInOrder() {
        Iterator<List<Integer>> it = Chunks.map(IntStream.range(0, 7).boxed().iterator(), 3, List::copyOf);
        List<List<Integer>> chunks = new ArrayList<>();
        it.forEachRemaining(chunks::add);
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6)), chunks);
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void anEmptyPartitionHasNoChunk() {
        assertFalse(Chunks.map(List.<Integer>of().iterator(), 3, List::size).hasNext());
    }

    @Test
    void flatMapHandsOutEachChunksResultsInOrderSkippingEmptyOnes() {
        Iterator<Integer> it = Chunks.flatMap(IntStream.range(0, 7).boxed().iterator(), 3,
                chunk -> chunk.get(0) == 3 ? List.<Integer>of() : chunk.stream().map(x -> 10 * x).toList());
        List<Integer> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        assertEquals(List.of(0, 10, 20, 60), out);
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void forEachVisitsEveryChunk() {
        List<Integer> sizes = new ArrayList<>();
        Chunks.forEach(IntStream.range(0, 7).boxed().iterator(), 3, chunk -> sizes.add(chunk.size()));
        assertEquals(List.of(3, 3, 1), sizes);
    }
}
