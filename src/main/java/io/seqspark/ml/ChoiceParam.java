package io.seqspark.ml;

import io.seqspark.config.ConfigChoice;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * A string param over one choice key of the job file: its doc lists the enum's spellings and its validator accepts
 * only them, so {@code set} refuses a misspelt value as the config loader does (one list of choices, the enum's).
 */
final class ChoiceParam {
    private ChoiceParam() {
    }

    /**
     * @param jobKey the job-file key the param sets, e.g. {@code model.cell}
     * @param what   what the choice decides, for {@code explainParams}; empty when the key says it all
     */
    static <E extends Enum<E> & ConfigChoice> Param<String> of(Params parent, String name, String jobKey, String what,
                                                               Class<E> choices) {
        String doc = jobKey + ": " + (what.isEmpty() ? "" : what + "; ") + "one of " + ConfigChoice.choices(choices);
        return new Param<>(parent, name, doc, ParamValidators.inArray(ConfigChoice.keys(choices)));
    }
}
