package lifeboat.core.repo;

import static java.util.Objects.requireNonNull;

import com.exceptionfactory.jagged.PayloadException;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import lifeboat.core.config.EncryptionSpec;

/**
 * Client-side encryption in the age format (age-encryption.org/v1, X25519 recipients), so that {@code age -d -i KEY}
 * decrypts any object without Lifeboat. Objects are encrypted after compression; their SHA-256 in the catalog and
 * {@code SHA256SUMS} is of the ciphertext, so presence and hash checks need no key. Messages never contain a key.
 *
 * @param recipients age public keys ({@code age1...}) every object is encrypted to
 * @param identity the age secret key ({@code AGE-SECRET-KEY-1...}) for reading back, or null where only writing
 */
public record Encryption(List<String> recipients, String identity) {
    public static final String SUFFIX = ".age";

    public Encryption {
        recipients = List.copyOf(requireNonNull(recipients, "recipients is null"));
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one age recipient is needed");
        }
    }

    /** The streams for a source's configured keys (checked when the configuration was loaded); null for none. */
    public static Encryption of(EncryptionSpec spec) {
        return spec == null ? null : new Encryption(spec.recipients(), spec.identity());
    }

    public OutputStream encrypt(OutputStream out) throws IOException {
        List<RecipientStanzaWriter> writers = new ArrayList<>();
        try {
            for (String r : recipients) {
                writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(r));
            }
            return Channels.newOutputStream(
                    new StandardEncryptingChannelFactory().newEncryptingChannel(Channels.newChannel(out), writers));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start age encryption: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decrypts an object, failing at once (before any content is read) when the identity does not match it; the caller
     * closes {@code in}, also on failure.
     */
    public static InputStream decrypt(InputStream in, String identity, String object) throws IOException {
        if (identity == null) {
            throw new IOException(object + " is encrypted, and no age identity is configured (encryption.identity)");
        }
        try {
            RecipientStanzaReader reader = X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity);
            return new Corruption(Channels.newInputStream(
                    new StandardDecryptingChannelFactory().newDecryptingChannel(Channels.newChannel(in), List.of(reader))),
                    object);
        } catch (GeneralSecurityException e) {
            // {@code in} stays open: its owner may still read the stored bytes to check them without the key
            throw new IOException(object + " cannot be decrypted with the configured age identity (wrong key?): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Whether reading failed because no recipient stanza of the header opens with the identity: a wrong key, or a
     * damaged stanza (the object's SHA-256 tells them apart).
     */
    public static boolean keyRejected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedRecipientStanzaException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Past the header the identity matched, so a chunk that fails to authenticate means changed bytes; the library
     * says only "Read chunk failed: counter [0, 0, ...]". Errors of the storage below pass unchanged.
     */
    private static final class Corruption extends FilterInputStream {
        private final String object;
        private long position;

        Corruption(InputStream in, String object) {
            super(in);
            this.object = object;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                position += b < 0 ? 0 : 1;
                return b;
            } catch (PayloadException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                position += Math.max(n, 0);
                return n;
            } catch (PayloadException e) {
                throw corrupt(e);
            }
        }

        private IOException corrupt(PayloadException e) {
            return new IOException(object + " is corrupt: its age encryption cannot be decrypted after " + position
                    + " plaintext bytes (a chunk failed authentication: the stored bytes were changed or cut short)", e);
        }
    }

    @Override
    public String toString() {
        return "Encryption[recipients=" + recipients + ", identity=" + (identity == null ? "none" : "***") + "]";
    }
}
