package io.seqspark.vectorize;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** Groups a partition's items into consecutive chunks (minibatches) lazily, one chunk in memory at a time. */
final class Chunks {
    private Chunks() {
    }

    static <T, R> Iterator<R> map(Iterator<T> items, int size, Function<List<T>, R> toChunk) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public R next() {
                if (!items.hasNext()) {
                    throw new NoSuchElementException();
                }
                List<T> chunk = new ArrayList<>(size);
                while (items.hasNext() && chunk.size() < size) {
                    chunk.add(items.next());
                }
                return toChunk.apply(chunk);
            }
        };
    }
}
