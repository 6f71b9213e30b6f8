package lifeboat.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import lifeboat.spi.DumpSource;
import lifeboat.spi.JobLog;

/** Dump parts kept as files in a directory, as the core would store them (uncompressed here); for source plugins' tests. */
public final class TestParts implements DumpSource.DumpOutput, DumpSource.DumpInput {
    private final Path dir;
    private final List<String> names = new ArrayList<>();

    public TestParts(Path dir) {
        this.dir = dir;
    }

    @Override
    public OutputStream part(String name, boolean compressed) throws IOException {
        if (name.contains("/") || compressed) {
            throw new IllegalArgumentException("bad part " + name + " compressed=" + compressed);
        }
        names.add(name);
        return Files.newOutputStream(dir.resolve(name));
    }

    @Override
    public List<String> parts() {
        return Collections.unmodifiableList(names);
    }

    @Override
    public InputStream open(String part) throws IOException {
        return Files.newInputStream(dir.resolve(part));
    }

    public Path file(String part) {
        return dir.resolve(part);
    }

    /** A JobLog that keeps every line, to check that no secret reaches it. */
    public static final class Log implements JobLog {
        public final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void info(String message) {
            lines.add("INFO " + message);
        }

        @Override
        public void warn(String message) {
            lines.add("WARN " + message);
        }
    }
}
