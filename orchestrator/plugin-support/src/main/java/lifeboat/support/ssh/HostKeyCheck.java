package lifeboat.support.ssh;

import static java.util.Objects.requireNonNull;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The known_hosts repository as JSch sees it during one connect, remembering the key the server presented and the
 * verdict, so a refusal can name the key's type and SHA256 fingerprint as {@code ssh-keygen -lf} shows them.
 * Never adds a key: trust comes only from the file the administrator wrote.
 */
public final class HostKeyCheck implements HostKeyRepository {
    private final HostKeyRepository knownHosts;
    private volatile byte[] presented;
    private volatile int verdict = -1;

    public HostKeyCheck(HostKeyRepository knownHosts) {
        this.knownHosts = requireNonNull(knownHosts, "knownHosts is null");
    }

    @Override
    public int check(String host, byte[] key) {
        int result = knownHosts.check(host, key);
        presented = key.clone();
        verdict = result;
        return result;
    }

    /** Was the presented key refused, and why: {@link #NOT_INCLUDED}, {@link #CHANGED}, or -1 if not refused. */
    public int refusal() {
        return verdict == NOT_INCLUDED || verdict == CHANGED ? verdict : -1;
    }

    /** The presented key as {@code ssh-ed25519 SHA256:...}. */
    public String presentedKey() {
        byte[] key = presented;
        if (key == null) {
            return "(no key seen)";
        }
        return keyType(key) + " " + fingerprint(key);
    }

    public static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The algorithm name an SSH public key blob starts with (a uint32 length, then the name). */
    public static String keyType(byte[] key) {
        if (key.length < 4) {
            return "unknown";
        }
        int len = ((key[0] & 0xff) << 24) | ((key[1] & 0xff) << 16) | ((key[2] & 0xff) << 8) | (key[3] & 0xff);
        if (len <= 0 || len > key.length - 4 || len > 64) {
            return "unknown";
        }
        return new String(key, 4, len, StandardCharsets.US_ASCII);
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // strict checking: never learn keys
    }

    @Override
    public void remove(String host, String type) {
        // never change the administrator's file
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        // never change the administrator's file
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return knownHosts.getKnownHostsRepositoryID();
    }

    @Override
    public HostKey[] getHostKey() {
        return knownHosts.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return knownHosts.getHostKey(host, type);
    }
}
