package io.seqspark.vectorize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Groups a partition's items into consecutive chunks (minibatches) lazily, one chunk in memory at a time: for
 * building minibatches and for scoring a partition batch by batch.
 */
public final class Chunks {
    private Chunks() {
    }

    public static <T, R> Iterator<R> map(Iterator<T> items, int size, Function<List<T>, R> toChunk) {
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

    /** Each chunk turned into several results (rows of a scored batch), handed out one at a time. */
    public static <T, R> Iterator<R> flatMap(Iterator<T> items, int size, Function<List<T>, List<R>> toResults) {
        Iterator<List<R>> chunks = map(items, size, toResults);
        return new Iterator<>() {
            private Iterator<R> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && chunks.hasNext()) {
                    current = chunks.next().iterator();
                }
                return current.hasNext();
            }

            @Override
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    public static <T> void forEach(Iterator<T> items, int size, Consumer<List<T>> consumer) {
        map(items, size, Function.<List<T>>identity()).forEachRemaining(consumer);
    }
}
