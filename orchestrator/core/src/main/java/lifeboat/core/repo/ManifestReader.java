package lifeboat.core.repo;

import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads a manifest line by line; memory stays bounded whatever its length. */
public final class ManifestReader implements Closeable {
    private static final ObjectReader READER = Json.MAPPER.readerFor(ManifestEntry.class);
    private final BufferedReader in;
    private final String name;
    private int line;
    private ManifestEntry peeked;

    public ManifestReader(InputStream in, String name) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        this.name = name;
    }

    /** The next entry without consuming it, or null at the end. */
    public ManifestEntry peek() throws IOException {
        if (peeked == null) {
            String s = in.readLine();
            if (s == null) {
                return null;
            }
            line++;
            try {
                peeked = READER.readValue(s);
            } catch (IOException e) {
                throw new IOException("manifest " + name + " line " + line + " is not a valid entry: " + e.getMessage(), e);
            }
        }
        return peeked;
    }

    /** The next entry, or null at the end. */
    public ManifestEntry next() throws IOException {
        ManifestEntry e = peek();
        peeked = null;
        return e;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
