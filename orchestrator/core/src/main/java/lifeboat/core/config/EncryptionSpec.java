package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * A source's {@code encryption}: the age keys its objects are encrypted to and read back with. The keys are
 * parsed here, so a wrong one is a configuration error rather than a failed backup; messages say which key is wrong,
 * never its value.
 *
 * @param recipients age X25519 public keys ({@code age1...}) every object is encrypted to
 * @param identity the age X25519 secret key ({@code AGE-SECRET-KEY-1...}) for reading back, or null where only writing
 */
public record EncryptionSpec(List<String> recipients, String identity) {
    public EncryptionSpec {
        recipients = List.copyOf(requireNonNull(recipients, "recipients is null"));
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one age recipient is needed");
        }
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

    @Override
    public String toString() {
        return "EncryptionSpec[recipients=" + recipients + ", identity=" + (identity == null ? "none" : "***") + "]";
    }
}
