package lifeboat.support.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs the tool as a child process of this JVM. */
final class LocalTransport implements Transport {
    static final LocalTransport INSTANCE = new LocalTransport();

    private LocalTransport() {
    }

    @Override
    public Running start(Spec spec) throws IOException {
        var pb = new ProcessBuilder(spec.command());
        spec.removedEnvironment().forEach(pb.environment()::remove);
        pb.environment().putAll(spec.environment());
        if (!spec.stdin()) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        try {
            return new Child(pb.start());
        } catch (IOException e) {
            throw new IOException(spec.description() + ": cannot run " + spec.program() + ": " + e.getMessage(), e);
        }
    }

    private record Child(Process process) implements Running {
        @Override
        public String kind() {
            return "process";
        }

        @Override
        public InputStream stdout() {
            return process.getInputStream();
        }

        @Override
        public InputStream stderr() {
            return process.getErrorStream();
        }

        @Override
        public OutputStream stdin() {
            return process.getOutputStream();
        }

        @Override
        public boolean waitFor(Duration timeout) throws InterruptedException {
            if (timeout == null) {
                process.waitFor();
                return true;
            }
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public boolean alive() {
            return process.isAlive();
        }

        /** Descendants first: a shell wrapper's children would otherwise live on, holding the pipes open. */
        @Override
        public void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String finish() {
            int exit = process.exitValue();
            return exit == 0 ? null : Transport.exitText(exit);
        }
    }
}
