package lifeboat.core.repo;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** Writes manifest entries as JSON lines, in {@link PathOrder}. Closing closes the stream below. */
public final class ManifestWriter implements Closeable {
    private final JsonGenerator out;
    private final char[] scratch = new char[InstantText.MAX_LENGTH];
    private String last;

    public ManifestWriter(OutputStream out) throws IOException {
        this.out = ManifestCodec.generator(new BufferedOutputStream(out, 1 << 16));
    }

    public void write(ManifestEntry e) throws IOException {
        if (last != null && PathOrder.INSTANCE.compare(last, e.path()) >= 0) {
            throw new IllegalStateException("manifest out of order: '" + e.path() + "' after '" + last + "'");
        }
        last = e.path();
        ManifestCodec.write(out, e, scratch);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
