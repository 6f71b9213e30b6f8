package lifeboat.core.repo;

import static java.util.Objects.requireNonNull;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

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

    /** Checks that every recipient and the identity parse; the message says which one is wrong, not its value. */
    public void validate() {
        for (int i = 0; i < recipients.size(); i++) {
            try {
                X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipients.get(i));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IllegalArgumentException("recipient " + (i + 1) + " is not an age X25519 public key (age1...)");
            }
        }
        if (identity != null) {
            try {
                X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IllegalArgumentException("identity is not an age X25519 secret key (AGE-SECRET-KEY-1...)");
            }
        }
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

    /** Decrypts an object, failing at once (before any content is read) when the identity does not match it. */
    public static InputStream decrypt(InputStream in, String identity, String object) throws IOException {
        if (identity == null) {
            throw new IOException(object + " is encrypted, and no age identity is configured (encryption.identity)");
        }
        try {
            RecipientStanzaReader reader = X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity);
            return Channels.newInputStream(
                    new StandardDecryptingChannelFactory().newDecryptingChannel(Channels.newChannel(in), List.of(reader)));
        } catch (GeneralSecurityException e) {
            in.close();
            throw new IOException(object + " cannot be decrypted with the configured age identity (wrong key?): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Encryption[recipients=" + recipients + ", identity=" + (identity == null ? "none" : "***") + "]";
    }
}
