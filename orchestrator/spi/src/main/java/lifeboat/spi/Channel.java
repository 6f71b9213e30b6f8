package lifeboat.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * A way to reach people: a mail server, a chat webhook. Implementations are thread-safe. A channel never puts a
 * secret (password, token, a webhook URL's path) into a message, an exception or {@link #location()}.
 */
public interface Channel extends Closeable {
    /** The configured name, e.g. {@code it-email}. */
    String name();

    /** Where messages go, for messages and listings: a host and port, never a credential or a secret URL path. */
    String location();

    /**
     * Delivers one notice, giving up after the channel's own timeout.
     *
     * @return what the server answered on success
     * @throws IOException when the server refused or could not be reached; the message says which and why
     */
    Delivery send(Notice notice) throws IOException;

    @Override
    default void close() throws IOException {
    }
}
