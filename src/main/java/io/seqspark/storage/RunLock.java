package io.seqspark.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqspark.UserError;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Holds one run id of one job for the lifetime of a run: {@code <output>/<job>/.<run-id>.lock}, created atomically
 * (a hard link on a local file system, {@code create(overwrite=false)} on HDFS and other Hadoop file systems), with
 * the owner (user, host, process id and start) and a heartbeat inside, rewritten every {@link #HEARTBEAT}.
 * A second run of a live id fails at once naming the owner. A lock is stale, and is taken over with a warning, when
 * its owner was on this host and that process is gone, or when its heartbeat is older than {@link #STALE_AFTER}
 * (a crashed run on another host). Nothing of another live run is ever touched.
 *
 * <p>Object stores without an atomic create-if-absent (S3A) make the lock a best effort there.
 */
public final class RunLock implements AutoCloseable {
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);
    public static final Duration STALE_AFTER = Duration.ofSeconds(90);
    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Path path;
    private final String token;
    private final ObjectNode content;
    private final ScheduledExecutorService heartbeat;
    private final Thread onShutdown;
    private volatile boolean released;
    private volatile boolean lost;
    private Runnable afterRelease = () -> { };

    private RunLock(FileSystem fs, Path path, String token, ObjectNode content) {
        this.fs = fs;
        this.path = path;
        this.token = token;
        this.content = content;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seqspark-run-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        // A run stopped by SIGTERM or Ctrl-C frees its id at once; SIGKILL leaves a lock that is found stale.
        this.onShutdown = new Thread(this::release, "seqspark-run-lock-release");
        Runtime.getRuntime().addShutdownHook(onShutdown);
    }

    /**
     * Takes the lock at {@code path} for {@code what} (e.g. "run r1 of job j").
     *
     * @throws UserError when a live run holds it (exit 2), naming the owner and since when
     */
    public static RunLock acquire(FileSystem fs, Path path, String what) throws IOException {
        String token = UUID.randomUUID().toString();
        ObjectNode content = ownerRecord(token, what);
        for (int attempt = 0; attempt < 50; attempt++) {
            if (tryCreate(fs, path, content)) {
                return new RunLock(fs, path, token, content);
            }
            Optional<JsonNode> holder = read(fs, path);
            long modified;
            try {
                modified = fs.getFileStatus(path).getModificationTime();
            } catch (java.io.FileNotFoundException released) {
                continue; // released between our create and read: try again
            }
            if (holder.isEmpty()) {
                continue;
            }
            String stale = staleness(holder.get(), modified);
            if (stale == null) {
                throw new UserError(what + " is in progress by " + describe(holder.get()) + " (lock " + path
                        + "); wait for it to finish, or use another run id");
            }
            if (takeOver(fs, path, holder.get())) {
                LOG.warn("Took over the stale lock of {} held by {}: {}", what, describe(holder.get()), stale);
            } else {
                pause(); // another run is taking over the same stale lock: see who won
            }
        }
        throw new IOException("could not take the lock " + path + " (it changed hands repeatedly)");
    }

    /** The owner recorded in a lock file, for messages: user@host, process id, since when. */
    static String describe(JsonNode owner) {
        return owner.path("user").asText("?") + "@" + owner.path("host").asText("?") + " (process "
                + owner.path("pid").asText("?") + ", started " + owner.path("acquired").asText("?")
                + ", last heartbeat " + owner.path("heartbeat").asText("?") + ")";
    }

    /** @return why the lock is stale, or null when its owner may still be running */
    static String staleness(JsonNode owner, long modifiedMillis) {
        String host = owner.path("host").asText("");
        long pid = owner.path("pid").asLong(-1);
        if (host.equals(hostName()) && pid > 0) {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            String started = owner.path("process_start").asText("");
            boolean same = process.isPresent() && process.get().isAlive() && (started.isEmpty()
                    || process.get().info().startInstant().map(Instant::toString).orElse(started).equals(started));
            if (!same) {
                return "process " + pid + " on this host is no longer running";
            }
            return null;
        }
        Instant beat = parse(owner.path("heartbeat").asText(null));
        Instant last = beat != null ? beat : Instant.ofEpochMilli(modifiedMillis);
        Duration age = Duration.between(last, Instant.now());
        return age.compareTo(STALE_AFTER) > 0 ? "no heartbeat for " + age.toSeconds() + " s" : null;
    }

    /** @throws IllegalStateException when this lock was released (a run must not write after that) */
    void requireHeld() {
        if (released) {
            throw new IllegalStateException("the lock " + path + " was released");
        }
    }

    /**
     * Checks, just before a commit, that the lock file is still this run's.
     *
     * @throws IOException when another run took it over (this run's heartbeat stalled for longer than
     *                     {@link #STALE_AFTER}): this run must not commit
     */
    void verify() throws IOException {
        requireHeld();
        Optional<JsonNode> now = read(fs, path);
        if (lost || now.isEmpty() || !token.equals(now.get().path("token").asText())) {
            throw new IOException("this run no longer holds its lock " + path + " (another run took it over after "
                    + "this run's heartbeat stalled); nothing was committed");
        }
    }

    /** Stops the heartbeat and removes the lock if it is still ours. */
    @Override
    public void close() {
        release();
        try {
            Runtime.getRuntime().removeShutdownHook(onShutdown);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        heartbeat.shutdownNow();
        try {
            Optional<JsonNode> now = read(fs, path);
            if (now.isPresent() && token.equals(now.get().path("token").asText())) {
                fs.delete(path, false);
            } else {
                LOG.warn("The lock {} is no longer this run's; left as it is", path);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the lock {}: {}", path, e.toString());
        }
        afterRelease.run();
    }

    /** Something to do once the lock is gone (e.g. remove a job folder that only the lock needed). */
    void afterRelease(Runnable action) {
        this.afterRelease = action;
    }

    private synchronized void beat() {
        if (released) {
            return;
        }
        try {
            Optional<JsonNode> now = read(fs, path);
            if (now.isEmpty()) {
                LOG.warn("The lock {} is missing; this heartbeat is skipped", path);
                return;
            }
            if (!token.equals(now.get().path("token").asText())) {
                LOG.error("The lock {} was taken by another run; this run's heartbeat stops and it will not commit",
                        path);
                lost = true;
                heartbeat.shutdown();
                return;
            }
            content.put("heartbeat", Instant.now().toString());
            byte[] bytes = JSON.writeValueAsBytes(content);
            File local = localFile(fs, path);
            if (local != null) {
                java.nio.file.Path tmp = local.toPath().resolveSibling(local.getName() + "." + token + ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, local.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                try (FSDataOutputStream out = fs.create(path, true)) {
                    out.write(bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Heartbeat of {} failed: {}", path, e.toString());
        }
    }

    private static boolean tryCreate(FileSystem fs, Path path, ObjectNode content) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(content);
        File local = localFile(fs, path);
        if (local != null) {
            // Write the record under a private name, then link it into place: the link is atomic and fails when
            // the lock exists, so a lock is never seen half-written.
            Files.createDirectories(local.toPath().getParent());
            java.nio.file.Path tmp = local.toPath().resolveSibling(local.getName() + "."
                    + content.get("token").asText() + ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.createLink(local.toPath(), tmp);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        try (FSDataOutputStream out = fs.create(path, false)) {
            out.write(bytes);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(path)) {
                return false; // some file systems report an existing file with a plain IOException
            }
            throw e;
        }
    }

    /**
     * Removes a stale lock. One taker at a time: {@code <lock>.takeover}, created atomically like the lock, guards
     * the check that the lock is still the one judged stale and its removal; then every contender races to create
     * the lock again and exactly one wins. A guard left by a taker that crashed is removed once it is old.
     *
     * @return false when another run is taking over (or took over) the same lock
     */
    private static boolean takeOver(FileSystem fs, Path path, JsonNode stale) throws IOException {
        Path guard = new Path(path.getParent(), path.getName() + ".takeover");
        ObjectNode taker = ownerRecord(UUID.randomUUID().toString(), "takeover of " + path.getName());
        if (!tryCreate(fs, guard, taker)) {
            try {
                long age = System.currentTimeMillis() - fs.getFileStatus(guard).getModificationTime();
                if (age > STALE_AFTER.toMillis()) {
                    fs.delete(guard, false);
                }
            } catch (java.io.FileNotFoundException gone) {
                // the other taker finished
            }
            return false;
        }
        try {
            Optional<JsonNode> now = read(fs, path);
            if (now.isPresent() && !stale.path("token").asText().equals(now.get().path("token").asText())) {
                return false; // it changed hands since we judged it stale
            }
            fs.delete(path, false);
            return true;
        } finally {
            fs.delete(guard, false);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<JsonNode> read(FileSystem fs, Path path) throws IOException {
        try (FSDataInputStream in = fs.open(path)) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                // Being written (non-local file systems): no heartbeat yet, so its age is the file's own.
                return Optional.of(JSON.createObjectNode().put("user", "(a lock being written)"));
            }
            return Optional.of(JSON.readTree(bytes));
        } catch (java.io.FileNotFoundException e) {
            return Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.of(JSON.createObjectNode().put("user", "(unreadable lock file)"));
        }
    }

    private static ObjectNode ownerRecord(String token, String what) {
        ProcessHandle self = ProcessHandle.current();
        String now = Instant.now().toString();
        ObjectNode node = JSON.createObjectNode();
        node.put("token", token);
        node.put("run", what);
        node.put("user", System.getProperty("user.name", "?"));
        node.put("host", hostName());
        node.put("pid", self.pid());
        node.put("process_start", self.info().startInstant().map(Instant::toString).orElse(""));
        node.put("acquired", now);
        node.put("heartbeat", now);
        return node;
    }

    private static File localFile(FileSystem fs, Path path) {
        if (fs instanceof LocalFileSystem local) {
            return local.pathToFile(path);
        }
        if (fs instanceof RawLocalFileSystem raw) {
            return raw.pathToFile(path);
        }
        return null;
    }

    private static Instant parse(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * This host's name. When the system cannot tell it, a name no other host has, so that a lock is then never
     * judged by process id (a live lock on another host named "localhost" would look like a dead local process).
     */
    private static String hostName() {
        return HOST;
    }

    private static final String HOST = resolveHostName();

    private static String resolveHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isBlank() ? env : "unknown-host-" + UUID.randomUUID();
        }
    }
}
