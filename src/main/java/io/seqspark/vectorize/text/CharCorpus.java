package io.seqspark.vectorize.text;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.vectorize.Splitter;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A language model's text on the executors: each file's characters split by position (the last split.test of the
 * file is the test part, the split.validation before it validation), a character vocabulary counted on the
 * training parts, and windows of max-length + 1 ids (inputs are the first max-length, targets the last max-length)
 * that follow each other with a stride of max-length, so every character after a window's first is predicted
 * exactly once.
 */
public final class CharCorpus {
    private CharCorpus() {
    }

    /** One window of token ids from one part (train, validation, test) of one file. */
    public record Window(String part, int[] ids) implements Serializable {
        /** Predicted positions: all but the first id. */
        public int targets() {
            return ids.length - 1;
        }
    }

    /** The documents that could be decoded, and how many could not (skipped with text.invalid = drop). */
    public record Decoded(JavaRDD<Tuple2<String, String>> documents, long undecodable) {
    }

    /**
     * Drops the documents whose bytes are not valid in text.encoding when text.invalid = drop, else exit 2 naming
     * one and the keys to change.
     *
     * @param documents (name, text or null) pairs, from TextSources.corpus
     * @param source    where they were read from, as "key = value", for messages
     */
    public static Decoded requireDecoded(JavaRDD<Tuple2<String, String>> documents, JobConfig.TextSpec spec,
                                         String source) {
        List<String> undecodable = documents.filter(f -> f._2() == null).map(Tuple2::_1).take(3);
        if (undecodable.isEmpty()) {
            return new Decoded(documents, 0);
        }
        long n = documents.filter(f -> f._2() == null).count();
        if (!spec.dropInvalid()) {
            throw new UserError(source + ": " + n + " document(s) hold bytes that are not valid " + spec.encoding()
                    + " (text.encoding), e.g. " + undecodable.get(0) + "; set text.encoding to their charset, e.g. "
                    + "windows-1252, or text.invalid = drop to skip them");
        }
        org.slf4j.LoggerFactory.getLogger(CharCorpus.class).warn("Skipping {} document(s) that are not valid {}, "
                + "e.g. {}", n, spec.encoding(), undecodable.get(0));
        return new Decoded(documents.filter(f -> f._2() != null), n);
    }

    /** The characters of {@code text} as tokens (lower-cased and whitespace kept as is for a language model). */
    static List<String> characters(String text, boolean lowercase) {
        String t = lowercase ? text.toLowerCase(java.util.Locale.ROOT) : text;
        List<String> out = new ArrayList<>(t.length());
        t.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }

    /** The ids of every character of {@code text} (outside the vocabulary: unknown). */
    public static int[] ids(String text, Map<String, Integer> index, boolean lowercase) {
        return characters(text, lowercase).stream().mapToInt(c -> index.getOrDefault(c, Vocabulary.UNKNOWN))
                .toArray();
    }

    /** Which part position {@code i} of {@code n} belongs to. */
    static String part(long i, long n, JobConfig.SplitSpec split) {
        long testStart = n - Math.round(n * split.test());
        long validationStart = testStart - Math.round(n * split.validation());
        return i >= testStart ? Splitter.TEST : i >= validationStart ? Splitter.VALIDATION : Splitter.TRAIN;
    }

    /** Characters of the training parts, most frequent first (ties by character), as the vocabulary. */
    public static Vocabulary vocabulary(JavaRDD<Tuple2<String, String>> files, JobConfig.TextSpec spec,
                                        JobConfig.SplitSpec split) {
        JavaPairRDD<String, Long> counts = files.flatMapToPair(f -> {
            List<String> chars = characters(f._2(), spec.lowercase());
            List<Tuple2<String, Long>> out = new ArrayList<>();
            for (int i = 0; i < chars.size(); i++) {
                if (part(i, chars.size(), split).equals(Splitter.TRAIN)) {
                    out.add(new Tuple2<>(chars.get(i), 1L));
                }
            }
            return out.iterator();
        }).reduceByKey(Long::sum).filter(c -> c._2() >= spec.minCount());
        List<Tuple2<String, Long>> kept = new ArrayList<>(counts.collect());
        kept.sort(Comparator.<Tuple2<String, Long>>comparingLong(c -> -c._2()).thenComparing(Tuple2::_1));
        return new Vocabulary(kept.subList(0, Math.min(kept.size(), spec.vocabSize())).stream()
                .map(Tuple2::_1).toList());
    }

    /**
     * @param texts {@code part}'s id sequences, from {@link #partIds}
     * @param full  only windows of max-length + 1 ids (uniform training minibatches); otherwise also each part's
     *              shorter last window, so that every character of the part is scored
     */
    public static JavaRDD<Window> windows(JavaRDD<int[]> texts, String part, int length, boolean full) {
        return texts.flatMap(ids -> {
            List<Window> out = new ArrayList<>();
            for (int from = 0; from + 1 < ids.length; from += length) {
                int to = Math.min(from + length + 1, ids.length);
                if (full && to - from < length + 1) {
                    break;
                }
                out.add(new Window(part, Arrays.copyOfRange(ids, from, to)));
            }
            return out.iterator();
        });
    }

    /** Each file's {@code part} (train, validation or test) as one sequence of token ids, in text order. */
    public static JavaRDD<int[]> partIds(JavaSparkContext jsc, JavaRDD<Tuple2<String, String>> files,
                                         Vocabulary vocabulary, JobConfig.TextSpec spec, JobConfig.SplitSpec split,
                                         String part) {
        Broadcast<Map<String, Integer>> index = jsc.broadcast(vocabulary.index());
        return files.map(f -> {
            List<String> chars = characters(f._2(), spec.lowercase());
            int n = chars.size();
            int start = 0;
            while (start < n && !part(start, n, split).equals(part)) {
                start++;
            }
            int end = start;
            while (end < n && part(end, n, split).equals(part)) {
                end++;
            }
            Map<String, Integer> ids = index.value();
            int[] out = new int[end - start];
            for (int i = start; i < end; i++) {
                out[i - start] = ids.getOrDefault(chars.get(i), Vocabulary.UNKNOWN);
            }
            return out;
        });
    }

    /**
     * Inputs [batch, 1, time] of ids (for the embedding), targets [batch, 1, time] of the next ids (sparse labels),
     * and masks [batch, time] when windows differ in length.
     */
    public static DataSet toDataSet(List<Window> batch) {
        int n = batch.size();
        int t = batch.stream().mapToInt(Window::targets).max().orElse(0);
        boolean ragged = batch.stream().anyMatch(w -> w.targets() != t);
        float[] x = new float[n * t];
        float[] y = new float[n * t];
        float[] mask = new float[n * t];
        for (int i = 0; i < n; i++) {
            int[] ids = batch.get(i).ids();
            for (int s = 0; s < ids.length - 1; s++) {
                x[i * t + s] = ids[s];
                y[i * t + s] = ids[s + 1];
                mask[i * t + s] = 1;
            }
        }
        DataSet ds = new DataSet(Nd4j.create(x, new long[]{n, 1, t}, 'c'), Nd4j.create(y, new long[]{n, 1, t}, 'c'));
        if (ragged) {
            ds.setFeaturesMaskArray(Nd4j.create(mask, new long[]{n, t}, 'c'));
            ds.setLabelsMaskArray(Nd4j.create(mask, new long[]{n, t}, 'c'));
        }
        return ds;
    }
}
