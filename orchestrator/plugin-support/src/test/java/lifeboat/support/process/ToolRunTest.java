package lifeboat.support.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import lifeboat.spi.JobLog;
import org.junit.jupiter.api.Test;

class ToolRunTest {
    private final List<String> lines = new ArrayList<>();
    private final JobLog log = new JobLog() {
        @Override
        public synchronized void info(String message) {
            lines.add("INFO " + message);
        }

        @Override
        public synchronized void warn(String message) {
            lines.add("WARN " + message);
        }
    };

    private ToolCommand sh(String script) {
        return ToolHost.local().command("test tool", List.of("/bin/sh", "-c", script)).log(log);
    }

    @Test
    void stdinToStdout_streamedThrough() throws IOException {
        var out = new ByteArrayOutputStream();
        var result = sh("cat").stdin(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)))
                .stdout(out).run();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void aToolThatEndsBeforeReadingAllOfStdin_leavesTheSourceUninterrupted() throws IOException {
        var interrupted = new AtomicBoolean();
        // a source whose reads take a moment, as a stored object's do while its SHA-256 thread catches up
        InputStream slow = new InputStream() {
            private int reads;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (reads++ > 0) {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        return -1;
                    }
                }
                return reads > 4 ? -1 : Math.min(len, 8192); // a whole buffer: written through to the tool at once
            }
        };

        var result = sh("head -c 5 > /dev/null").stdin(slow).run();

        assertThat(result.exitCode()).isZero();
        assertThat(interrupted).as("the source was interrupted in the middle of a read").isFalse();
    }

    @Test
    void nonZeroExit_namesToolCodeAndStderrWithSecretsMasked() {
        assertThatThrownBy(() -> sh("echo 'bad password S3cret' >&2; exit 3").secret("S3cret").run())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("test tool: failed with exit code 3")
                .hasMessageContaining("bad password ***")
                .hasMessageNotContaining("S3cret");
        assertThat(lines).containsExactly("WARN bad password ***");
    }

    @Test
    void deathBySignal_saidSo() {
        assertThatThrownBy(() -> sh("kill -9 $$").run()).hasMessageContaining("was killed by signal 9");
    }

    @Test
    void timeout_killsTheTool() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> sh("sleep 30").timeout(Duration.ofMillis(300)).run())
                .hasMessageContaining("timed out after PT0.3S; the process was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void brokenSink_stopsTheToolAndIsNamed() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        assertThatThrownBy(() -> sh("yes").stdout(broken).timeout(Duration.ofSeconds(20)).run())
                .isInstanceOf(IOException.class).hasMessageContaining("test tool:");
    }

    @Test
    void missingProgram_cannotRun() {
        assertThatThrownBy(() -> ToolHost.local().command("x", List.of("/no/such/tool")).log(log).run())
                .hasMessageContaining("x: cannot run /no/such/tool");
    }

    @Test
    void sshCommandLine_quotesEveryWordAndRefusesBadNames() {
        var spec = new Transport.Spec("d", List.of("pg_dump", "-d", "it's"), Map.of("PGPASSFILE", "/tmp/a b"),
                Set.of("PGPASSWORD"), List.of(), false);
        assertThat(SshTransport.commandLine(spec))
                .isEqualTo("exec env -u PGPASSWORD PGPASSFILE='/tmp/a b' 'pg_dump' '-d' 'it'\\''s'");
        var bad = new Transport.Spec("d", List.of("x"), Map.of("A B", "1"), Set.of(), List.of(), false);
        assertThatThrownBy(() -> SshTransport.commandLine(bad)).isInstanceOf(IllegalArgumentException.class);
    }
}
