package io.seqspark.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.seqspark.config.JobConfig;
import io.seqspark.report.DataCounts;
import io.seqspark.report.RunReport;
import io.seqspark.storage.RunWriter;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * {@code model/provenance.json}: what produced a model, from which data, where and when, so that a model folder
 * found later (or loaded by another version) can be traced without the run's logs.
 *
 * @param task     the task (classification, forecast, language-model) the model was trained for
 * @param versions the software that trained it
 * @param config   the fully resolved job configuration (every key, defaults included) as JSON
 * @param data     the input and how many examples each split had
 * @param training when training ran (UTC instants) and how long, in seconds
 * @param spark    the Spark application it ran in
 */
public record Provenance(String task, Versions versions, JsonNode config, DataSource data, Training training,
                         SparkRun spark) {
    public static final String FILE = "provenance.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final String UNKNOWN = "unknown";

    /**
     * @param seqspark the jar's Implementation-Version ("development build" from classes outside a jar)
     * @param dl4j     deeplearning4j-nn's Maven version
     */
    public record Versions(String seqspark, String spark, String scala, String dl4j, String java,
                           String javaVendor) {
    }

    /**
     * @param source   the input as the run's messages name it (a path, a table, or the generated data)
     * @param examples examples per split and what was left out (report.json's data section)
     */
    public record DataSource(String format, String source, String testPath, DataCounts examples) {
    }

    /** @param started ISO-8601 UTC instant, as {@link Instant#toString()} */
    public record Training(String started, String ended, double seconds, int workers) {
    }

    /** @param executors executors registered when training ended (local mode: 1, the driver) */
    public record SparkRun(String master, String applicationId,
                           int defaultParallelism, int executors) {
    }

    /**
     * The provenance of a run that trained from {@code started} to {@code ended}.
     *
     * @param report the run's report: its {@code data} counts and {@code training.workers}
     */
    public static Provenance of(SparkSession session, JobConfig config, RunReport report, Instant started,
                                Instant ended) throws IOException {
        SparkContext sc = session.sparkContext();
        Versions versions = new Versions(seqsparkVersion(), session.version(),
                scala.util.Properties.versionNumberString(),
                mavenVersion("org.deeplearning4j", "deeplearning4j-nn", MultiLayerNetwork.class),
                System.getProperty("java.version"), System.getProperty("java.vendor"));
        JsonNode resolved = JSON.readTree(ConfigFactory.parseString(config.resolved()).root()
                .render(ConfigRenderOptions.concise()));
        DataSource data = new DataSource(config.data().format(), config.data().source(), config.data().testPath(),
                report.data());
        int workers = report.training() == null ? 0 : report.training().workers();
        return new Provenance(config.task().key(), versions, resolved, data,
                new Training(started.toString(), ended.toString(), Duration.between(started, ended).toMillis() / 1000.0, workers),
                new SparkRun(sc.master(), sc.applicationId(), sc.defaultParallelism(),
                        sc.statusTracker().getExecutorInfos().length));
    }

    /** Writes {@code model/provenance.json} into the run. */
    public void writeTo(RunWriter run) throws IOException {
        run.writeString(ModelBundle.DIR + "/" + FILE, JSON.writer().writeValueAsString(this));
    }

    private static String seqsparkVersion() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    /** The version in a dependency's Maven metadata (META-INF/maven/.../pom.properties), as packaged in its jar. */
    private static String mavenVersion(String group, String artifact, Class<?> from) {
        try (InputStream in = from.getClassLoader().getResourceAsStream(
                "META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
