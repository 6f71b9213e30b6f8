package lifeboat.core.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Renders a {@link Document} in one of its formats, to bytes, a stream or a file (written whole or not at all). */
public final class Documents {
    private Documents() {}

    public static void write(Document doc, DocumentFormat format, OutputStream out) throws IOException {
        switch (format) {
            case MD -> MarkdownRenderer.render(doc, out);
            case HTML -> HtmlRenderer.render(doc, out);
            case PDF -> PdfRenderer.render(doc.title(), doc.subtitle(), doc.blocks(), out);
        }
    }

    public static byte[] render(Document doc, DocumentFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(doc, format, out);
        return out.toByteArray();
    }

    /** Writes to a temporary name beside {@code file}, syncs, then renames over it: a reader never sees half a file. */
    public static void write(Document doc, DocumentFormat format, Path file) throws IOException {
        byte[] bytes = render(doc, format); // whole first: the PDF library closes the stream it writes to
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
