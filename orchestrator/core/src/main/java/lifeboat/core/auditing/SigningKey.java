package lifeboat.core.auditing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import lifeboat.core.audit.Canonical;

/**
 * The Ed25519 key that signs the audit chain's checkpoints. Made on first use and kept in the data directory
 * ({@code audit-signing.key}, mode 0600: the private key, then the public key, Base64, one a line); the private key
 * is never printed, logged or written anywhere else. The public key (Base64 of its X.509 encoding) is what anyone
 * checks a checkpoint with.
 */
public final class SigningKey {
    static final String FILE = "audit-signing.key";
    private static final String ALGORITHM = "Ed25519";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The key in {@code dataDir}, made (and written with mode 0600, atomically) when there is none yet. */
    public static synchronized SigningKey in(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            create(file);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        if (lines.size() < 2) {
            throw new IOException("the audit signing key " + file + " is damaged: expected two lines");
        }
        try {
            KeyFactory f = KeyFactory.getInstance(ALGORITHM);
            return new SigningKey(f.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0)))),
                    f.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(1)))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("the audit signing key " + file + " is damaged (not an Ed25519 key pair)", e);
        }
    }

    private static void create(Path file) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("this Java has no Ed25519 to make the audit signing key with", e);
        }
        String text = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n";
        Path tmp = file.resolveSibling(FILE + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(StandardCharsets.US_ASCII.encode(text));
            ch.force(true);
        }
        try {
            // a hard link never replaces: a key another process made meanwhile wins, and this one is dropped
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            // theirs is the key
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Base64 of the public key's X.509 encoding. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** A short name for the public key: the first 16 hex digits of its SHA-256, in groups of four. */
    public String fingerprint() {
        return fingerprint(publicKey());
    }

    static String fingerprint(String publicKeyBase64) {
        String h = Canonical.sha256(publicKeyBase64).substring(0, 16);
        return h.substring(0, 4) + ":" + h.substring(4, 8) + ":" + h.substring(8, 12) + ":" + h.substring(12, 16);
    }

    /** Base64 of the Ed25519 signature of {@code message}'s UTF-8 bytes. */
    String sign(String message) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the audit key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} (Base64) is {@code publicKeyBase64}'s signature of {@code message}. */
    static boolean verifies(String publicKeyBase64, String message, String signature) {
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }
}
