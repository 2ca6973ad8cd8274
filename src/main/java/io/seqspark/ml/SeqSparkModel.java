package io.seqspark.ml;

import io.seqspark.models.ModelBundle;
import io.seqspark.report.RunReport;
import io.seqspark.tasks.Task;
import io.seqspark.tasks.Tasks;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A fitted seqspark model: the network, the preprocessing fitted at training time (vocabulary, label index,
 * scalers, window spec) and the resolved job configuration, i.e. what a run's {@code model/} folder holds, plus the
 * training summary (the run's report.json). Saved as Spark ML metadata (params) and, under {@code model/}, the files
 * of a run's model folder, so {@code seqspark predict --model <path>/model} scores with it too.
 */
public abstract class SeqSparkModel<M extends SeqSparkModel<M>> extends Model<M>
        implements SeqSparkParams, MLWritable {
    private final String uid;
    private final ModelBundle bundle;
    private final RunReport summary;

    protected SeqSparkModel(String uid, ModelBundle bundle, RunReport summary) {
        this.uid = uid;
        this.bundle = bundle;
        this.summary = summary;
        setDefault(predictionCol(), "prediction");
        JobKeys.setDefaults(this, jobKeys());
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The network, fitted preprocessing and configuration. */
    public ModelBundle bundle() {
        return bundle;
    }

    /**
     * The training summary: the report.json that train writes (data counts, test metrics, epochs, timings); null
     * for a model loaded from a folder saved without one.
     */
    public RunReport summary() {
        return summary;
    }

    protected abstract M newModel(String uid, ModelBundle bundle, RunReport summary);

    @Override
    public M copy(ParamMap extra) {
        M copy = newModel(uid, bundle, summary);
        return copyValues(copy, extra).setParent(parent());
    }

    @SuppressWarnings("unchecked")
    public M setPredictionCol(String value) {
        set(predictionCol(), value);
        return (M) this;
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    private static final class Writer extends MLWriter {
        private final SeqSparkModel<?> instance;

        Writer(SeqSparkModel<?> instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(instance, path, sc(), scala.Option.empty(), scala.Option.empty());
            try {
                ModelFiles.write(instance.bundle, instance.summary, path + "/" + ModelBundle.DIR,
                        sc().hadoopConfiguration());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the model to " + path, e);
            }
        }
    }

    /** Creates a model from what was saved. */
    @FunctionalInterface
    protected interface Factory<M> {
        M create(String uid, ModelBundle bundle, RunReport summary);
    }

    /**
     * Reads a model saved by {@link #write()}: its metadata must name {@code type}, and its model folder must hold
     * a model of {@code task}, else IllegalArgumentException says what the folder holds.
     */
    protected static final class Reader<M extends SeqSparkModel<M>> extends MLReader<M> {
        private final Class<M> type;
        private final Factory<M> factory;
        private final Task task;

        protected Reader(Class<M> type, Factory<M> factory, Task task) {
            this.type = type;
            this.factory = factory;
            this.task = task;
        }

        @Override
        public M load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc(), type.getName());
            String dir = path + "/" + ModelBundle.DIR;
            ModelFiles.Saved saved;
            try {
                saved = ModelFiles.read(dir, sc().hadoopConfiguration());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the model in " + dir, e);
            }
            Task held = Tasks.of(saved.bundle());
            if (held != task) {
                throw new IllegalArgumentException(path + " holds a " + held.modelKind() + " model, not a "
                        + task.modelKind() + " model (" + type.getSimpleName() + ")");
            }
            M model = factory.create(metadata.uid(), saved.bundle(), saved.summary());
            metadata.getAndSetParams(model, scala.Option.empty());
            return model;
        }
    }
}
