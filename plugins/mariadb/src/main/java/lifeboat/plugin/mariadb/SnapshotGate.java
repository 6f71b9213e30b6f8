package lifeboat.plugin.mariadb;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Passes mariadb-dump's output through and runs an action once the dump has certainly started its consistent
 * snapshot. mariadb-dump writes its header, then starts the transaction, then writes anything else; so the
 * first byte after the header's last line proves the snapshot exists. The action releases the global read
 * lock that kept writers out until both snapshots (the dump's and the fingerprint's) were taken.
 */
final class SnapshotGate extends FilterOutputStream {
    static final byte[] HEADER_END = "SQL_NOTES=0 */;\n".getBytes(StandardCharsets.US_ASCII);

    private final Runnable onSnapshot;
    private int matched;
    private boolean headerSeen;
    private boolean fired;

    SnapshotGate(OutputStream out, Runnable onSnapshot) {
        super(out);
        this.onSnapshot = onSnapshot;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (!fired) {
            for (int i = off; i < off + len && !fired; i++) {
                if (headerSeen) {
                    fired = true;
                    onSnapshot.run();
                } else if (b[i] == HEADER_END[matched]) {
                    matched++;
                    if (matched == HEADER_END.length) {
                        headerSeen = true;
                    }
                } else {
                    matched = b[i] == HEADER_END[0] ? 1 : 0;
                }
            }
        }
        out.write(b, off, len);
    }
}
