package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

import com.exceptionfactory.jagged.x25519.X25519KeyFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;

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

    /**
     * The age public key ({@code age1...}) of an X25519 identity: the recipient it decrypts for. Null when the
     * identity is null or not an X25519 secret key.
     */
    public static String recipientOf(String identity) {
        if (identity == null) {
            return null;
        }
        try {
            return new X25519KeyFactory().translateKey(new SecretKeySpec(identity.trim().getBytes(StandardCharsets.US_ASCII),
                    "X25519")).toString();
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Why the identity cannot read what is encrypted to the recipients, or null when it can (or there is no
     * identity): its public key must be one of them. Names the public key, never the secret one.
     */
    public String identityMismatch() {
        if (identity == null) {
            return null;
        }
        String own = recipientOf(identity);
        if (own != null && recipients.contains(own)) {
            return null;
        }
        return "the identity does not match any of the recipients: its public key is " + own + ", the recipients are "
                + String.join(", ", recipients) + " (backups encrypted to them cannot be restored or verified in full"
                + " with it)";
    }

    @Override
    public String toString() {
        return "EncryptionSpec[recipients=" + recipients + ", identity=" + (identity == null ? "none" : "***") + "]";
    }
}
