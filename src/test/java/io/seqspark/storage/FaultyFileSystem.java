package io.seqspark.storage;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The local file system under the scheme {@code faulty://}, registered for tests through
 * {@code META-INF/services/org.apache.hadoop.fs.FileSystem}: real files, with one operation that can be made to fail
 * or to pause, so a test can stop a real run at any step of its lifecycle through the same Hadoop FileSystem API
 * the product uses. {@code faulty:///tmp/x} is the local {@code /tmp/x}.
 */
public class FaultyFileSystem extends RawLocalFileSystem {
    public static final String SCHEME = "faulty";

    /**
     * Makes the operation {@code op} (mkdirs, create, rename, delete) on a path whose last component matches
     * {@code name} (for rename: the destination's) fail once with an IOException, or, with a latch, pause once until
     * released.
     */
    public record Fault(String op, Pattern name, CountDownLatch reached, CountDownLatch release) {
        public static Fault fail(String op, String nameRegex) {
            return new Fault(op, Pattern.compile(nameRegex), new CountDownLatch(1), null);
        }

        public static Fault pause(String op, String nameRegex) {
            return new Fault(op, Pattern.compile(nameRegex), new CountDownLatch(1), new CountDownLatch(1));
        }

        public boolean hit() {
            return reached.getCount() == 0;
        }
    }

    private static volatile Fault fault;

    public static void inject(Fault f) {
        fault = f;
    }

    public static void clear() {
        fault = null;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    private static void at(String op, Path path) throws IOException {
        Fault f = fault;
        if (f == null || !f.op().equals(op) || !f.name().matcher(path.getName()).matches()) {
            return;
        }
        synchronized (f) {
            if (f.hit()) {
                return; // a fault strikes once, like a failed request; retries and rollbacks then go through
            }
            f.reached().countDown();
        }
        if (f.release() == null) {
            throw new IOException("injected failure: " + op + " " + path);
        }
        try {
            if (!f.release().await(10, TimeUnit.MINUTES)) {
                throw new IOException("paused " + op + " " + path + " was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while paused at " + op + " " + path);
        }
    }

    @Override
    public boolean mkdirs(Path f, FsPermission permission) throws IOException {
        at("mkdirs", f);
        return super.mkdirs(f, permission);
    }

    @Override
    public boolean mkdirs(Path f) throws IOException {
        at("mkdirs", f);
        return super.mkdirs(f);
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        at("create", f);
        return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        at("create", f);
        return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        at("rename", dst);
        return super.rename(src, dst);
    }

    @Override
    public boolean delete(Path p, boolean recursive) throws IOException {
        at("delete", p);
        return super.delete(p, recursive);
    }
}
