package lifeboat.core.repo;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** Writes manifest entries as JSON lines, in {@link PathOrder}. Closing closes the stream below. */
public final class ManifestWriter implements Closeable {
    private static final ObjectWriter WRITER = Json.MAPPER.writerFor(ManifestEntry.class);
    private final OutputStream out;
    private String last;

    public ManifestWriter(OutputStream out) {
        this.out = new BufferedOutputStream(out, 1 << 16);
    }

    public void write(ManifestEntry e) throws IOException {
        if (last != null && PathOrder.INSTANCE.compare(last, e.path()) >= 0) {
            throw new IllegalStateException("manifest out of order: '" + e.path() + "' after '" + last + "'");
        }
        last = e.path();
        out.write(WRITER.writeValueAsBytes(e));
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
