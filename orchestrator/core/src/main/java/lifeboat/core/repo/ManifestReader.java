package lifeboat.core.repo;

import com.fasterxml.jackson.core.JsonParser;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a manifest line by line; memory stays bounded whatever its length (one buffer, grown only for a line longer
 * than it). Lines end as for {@link java.io.BufferedReader#readLine()} and are parsed in place as UTF-8 bytes:
 * decoding them to chars first took about half of the reading's CPU in a profile of a real share's manifest.
 */
public final class ManifestReader implements Closeable {
    private static final int BUFFER = 1 << 16;
    private final InputStream in;
    private final String name;
    private byte[] buf = new byte[BUFFER];
    /** the unread bytes are buf[pos, end) */
    private int pos;
    private int end;
    private boolean eof;
    /** the last line ended with '\r': a '\n' right after it belongs to that line end */
    private boolean skipLf;
    private int lineStart;
    private int lineEnd;
    /** the line has a byte outside ASCII */
    private boolean lineWide;
    private int line;
    private ManifestEntry peeked;

    public ManifestReader(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    /** The next entry without consuming it, or null at the end. */
    public ManifestEntry peek() throws IOException {
        if (peeked == null) {
            if (!nextLine()) {
                return null;
            }
            line++;
            try {
                peeked = parse();
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

    /**
     * The entry of the current line. Only a line that starts as the writer's do (so Jackson takes it for UTF-8) and
     * is well-formed UTF-8 (Jackson's decoder lets some malformed bytes through that the JDK's replaces) is parsed
     * from the bytes; any other line, and any line the fast path declines, is decoded and bound as it always was.
     */
    private ManifestEntry parse() throws IOException {
        int len = lineEnd - lineStart;
        if (len > 1 && buf[lineStart] == '{' && buf[lineStart + 1] == '"'
                && (!lineWide || Utf8.wellFormed(buf, lineStart, lineEnd))) {
            try (JsonParser p = ManifestCodec.FACTORY.createParser(buf, lineStart, len)) {
                return ManifestCodec.read(p);
            } catch (ManifestCodec.OtherForm | IOException e) {
                // read below, as the mapper reads it
            }
        }
        return ManifestCodec.MAPPER_READER.readValue(new String(buf, lineStart, len, StandardCharsets.UTF_8));
    }

    /** Finds the next line, buf[lineStart, lineEnd); false at the end of the stream. */
    private boolean nextLine() throws IOException {
        int scanned = pos;
        int high = 0;
        while (true) {
            if (skipLf && pos < end) {
                if (buf[pos] == '\n') {
                    pos++;
                }
                skipLf = false;
                scanned = pos;
            }
            for (int i = scanned; i < end; i++) {
                byte b = buf[i];
                high |= b;
                if (b == '\n' || b == '\r') {
                    lineStart = pos;
                    lineEnd = i;
                    lineWide = high < 0;
                    pos = i + 1;
                    skipLf = b == '\r';
                    return true;
                }
            }
            if (eof) {
                if (pos == end) {
                    return false;
                }
                lineStart = pos;
                lineEnd = end;
                lineWide = high < 0;
                pos = end;
                return true;
            }
            scanned = end - pos;
            fill();
        }
    }

    /** Moves the unread bytes to the front, grows the buffer if they fill it, and reads more. */
    private void fill() throws IOException {
        int unread = end - pos;
        if (unread == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, unread);
        }
        pos = 0;
        end = unread;
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
