package lifeboat.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SequenceWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.CharBuffer;
import lifeboat.core.model.Sizes;
import lifeboat.core.repo.Json;

/** Writes {@code --json} documents to stdout. */
final class Output {
    private Output() {
    }

    static void json(Object value) {
        PrintStream out = System.out;
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON output", e);
        }
        out.flush();
    }

    /**
     * A JSON array written to stdout item by item, byte for byte as {@link #json} writes a whole list of them: a
     * listing of 50,000 backups kept as one document did not fit a 128 MiB heap. A command that fails on the way
     * leaves the array unfinished, so that no reader takes it for the whole list.
     */
    static final class JsonArray {
        private final SequenceWriter items;

        JsonArray() throws IOException {
            items = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValues(stdout()).init(true);
        }

        void add(Object item) throws IOException {
            items.write(item);
        }

        /** Ends the array and the line. */
        void finish() throws IOException {
            items.close();
            System.out.println();
            System.out.flush();
        }
    }

    /** Characters to stdout in its own charset, as {@code println} writes them; closing it only flushes. */
    private static Writer stdout() {
        PrintStream out = System.out;
        return new Writer() {
            @Override
            public void write(char[] c, int off, int len) {
                out.append(CharBuffer.wrap(c, off, len));
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    static String bytes(long n) {
        return Sizes.text(n);
    }
}
