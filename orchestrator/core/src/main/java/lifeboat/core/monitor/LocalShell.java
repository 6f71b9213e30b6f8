package lifeboat.core.monitor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lifeboat.core.config.RestartSpec;

/** Runs a restart command on this machine with {@code sh -c}, killing it and its children when it overruns. */
final class LocalShell implements RestartShell {
    private static final File NULL_FILE = new File("/dev/null");

    @Override
    public ShellRun run(RestartSpec spec) throws IOException {
        long start = System.nanoTime();
        Path out = Files.createTempFile("lifeboat-restart", ".out");
        try {
            Process p = new ProcessBuilder(List.of("sh", "-c", spec.command())).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(NULL_FILE)).start();
            boolean ended;
            try {
                ended = p.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Probes.kill(p);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the restart command ran", e);
            }
            if (!ended) {
                Probes.kill(p);
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            return new ShellRun(ended ? p.exitValue() : null, output, !ended, Probes.since(start));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
