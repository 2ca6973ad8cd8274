package io.seqspark.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * report.json's {@code model}: the trained network (an evaluate run of some tasks gives only the parameter count).
 *
 * @param cell           lstm or gru
 * @param units          units of each recurrent layer
 * @param head           how the sequence is summarised before the output layer (last, mean, max, attention)
 * @param dropoutType    model.dropout-type
 * @param parameters     trainable parameters of the network
 * @param classes        classification: the labels, in label-index order
 * @param vocabularySize language models (evaluate): the vocabulary's size with padding and unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSummary(String cell, List<Integer> units, String head, Double dropout, String dropoutType,
                           long parameters, List<String> classes, Integer vocabularySize) {

    /** Only the parameter count. */
    public static ModelSummary ofParameters(long parameters) {
        return new ModelSummary(null, null, null, null, null, parameters, null, null);
    }

    public ModelSummary withClasses(List<String> labels) {
        return new ModelSummary(cell, units, head, dropout, dropoutType, parameters, labels, vocabularySize);
    }
}
