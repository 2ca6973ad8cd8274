package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A value of a choice key of the job file (model.cell, training.updater, ...), implemented by one enum per key whose
 * constants' names give their job-file spelling ({@link #key()}). The spelling is what job files, {@code --set}, the
 * config.conf saved with a model, reports and Spark ML params read and write.
 */
public interface ConfigChoice {
    /**
     * The job-file spelling, e.g. lstm or every-epoch: the constant's name in lower case with '-' for '_', unless
     * the enum says otherwise. Also what JSON holds (preprocessing.json, reports), in both directions.
     */
    @JsonValue
    default String key() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant of {@code type} spelled {@code key} in a job file, or null when there is none. */
    static <E extends Enum<E> & ConfigChoice> E lookup(Class<E> type, String key) {
        for (E e : type.getEnumConstants()) {
            if (e.key().equals(key)) {
                return e;
            }
        }
        return null;
    }

    /** The job-file spellings of every constant of {@code type}, in declaration order. */
    static <E extends Enum<E> & ConfigChoice> String[] keys(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigChoice::key).toArray(String[]::new);
    }

    /** The spellings as an error message lists them: alphabetical, separated by " | ". */
    static <E extends Enum<E> & ConfigChoice> String choices(Class<E> type) {
        return String.join(" | ", new TreeSet<>(List.of(keys(type))));
    }
}
