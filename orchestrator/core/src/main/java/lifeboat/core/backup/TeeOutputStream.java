package lifeboat.core.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Writes to several streams; closes them all. */
final class TeeOutputStream extends OutputStream {
    private final List<OutputStream> outs;

    TeeOutputStream(OutputStream... outs) {
        this(List.of(outs));
    }

    TeeOutputStream(List<OutputStream> outs) {
        this.outs = List.copyOf(outs);
    }

    @Override
    public void write(int c) throws IOException {
        for (OutputStream o : outs) {
            o.write(c);
        }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        for (OutputStream o : outs) {
            o.write(buf, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        for (OutputStream o : outs) {
            o.flush();
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (OutputStream o : outs) {
            try {
                o.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
