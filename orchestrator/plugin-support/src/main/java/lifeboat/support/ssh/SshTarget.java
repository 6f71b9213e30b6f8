package lifeboat.support.ssh;

import static java.util.Objects.requireNonNull;

import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One SSH server and how to log in to it, with the strict host-key check every Lifeboat connection uses: the key
 * must be in the administrator's known_hosts file; an unknown or changed key is refused with its type and SHA256
 * fingerprint in the message, and the file is never written. Shared by the SFTP plugin and database dumps over
 * SSH. {@link #toString()} leaves the secrets out.
 *
 * @param name the configured source or target name, for messages
 * @param location how messages name the server, e.g. {@code sftp://backup@nas:22/volume1}
 */
public record SshTarget(
        String name,
        String host,
        int port,
        String user,
        Optional<String> password,
        Optional<Path> privateKey,
        Optional<String> passphrase,
        Path knownHosts,
        Duration timeout,
        String location) {
    public SshTarget {
        requireNonNull(name, "name is null");
        requireNonNull(host, "host is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(privateKey, "privateKey is null");
        requireNonNull(passphrase, "passphrase is null");
        requireNonNull(knownHosts, "knownHosts is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(location, "location is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + ": port out of range: " + port);
        }
    }

    /** A JSch instance with the known_hosts file and the private key (decrypted with the passphrase) loaded. */
    public JSch newJSch() throws IOException {
        JSch jsch = new JSch();
        try {
            jsch.setKnownHosts(knownHosts.toString());
        } catch (JSchException e) {
            throw new IOException(name + ": cannot read knownHosts " + knownHosts + ": " + e.getMessage(), e);
        }
        if (privateKey.isPresent()) {
            try {
                byte[] pass = passphrase.map(p -> p.getBytes(StandardCharsets.UTF_8)).orElse(null);
                jsch.addIdentity(privateKey.get().toString(), pass);
            } catch (JSchException e) {
                // JSch's message says nothing secret; it names the file or the format problem
                throw new IOException(name + ": cannot load privateKey " + privateKey.get()
                        + (passphrase.isPresent() ? " (wrong passphrase?)" : " (encrypted? set passphrase)")
                        + ": " + e.getMessage(), e);
            }
        }
        return jsch;
    }

    /** Opens and authenticates a session, refusing unknown and changed host keys. */
    public Session connect(JSch jsch) throws IOException {
        HostKeyCheck check = new HostKeyCheck(jsch.getHostKeyRepository());
        try {
            Session s = jsch.getSession(user, host, port);
            s.setHostKeyRepository(check);
            s.setConfig("StrictHostKeyChecking", "yes");
            List<String> methods = new ArrayList<>();
            privateKey.ifPresent(k -> methods.add("publickey"));
            if (password.isPresent()) {
                s.setPassword(password.get());
                methods.add("password");
            }
            s.setConfig("PreferredAuthentications", String.join(",", methods));
            s.setTimeout(timeoutMillis());
            s.setServerAliveInterval(timeoutMillis());
            s.connect(timeoutMillis());
            return s;
        } catch (JSchException e) {
            throw translate(e, check);
        }
    }

    private IOException translate(JSchException e, HostKeyCheck check) {
        String where = host + ":" + port;
        if (check.refusal() == HostKeyRepository.CHANGED) {
            return new IOException(name + ": REFUSED: the host key of " + where + " has CHANGED. The server offered "
                    + check.presentedKey() + ", which does not match " + knownHosts
                    + ". Someone may be intercepting the connection, or the server was reinstalled: check the"
                    + " fingerprint with the server's administrator before replacing the line in knownHosts.", e);
        }
        if (check.refusal() == HostKeyRepository.NOT_INCLUDED) {
            return new IOException(name + ": REFUSED: the host key of " + where + " is not in " + knownHosts
                    + ". The server offered " + check.presentedKey()
                    + ". If that is the server's key (compare with ssh-keygen -lf on the server), add it: ssh-keyscan -p "
                    + port + " " + host + " >> " + knownHosts, e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            return new IOException(name + ": authentication as '" + user + "' on " + where + " failed: check "
                    + (privateKey.isPresent() ? "privateKey" : "")
                    + (privateKey.isPresent() && password.isPresent() ? " and " : "")
                    + (password.isPresent() ? "password" : ""), e);
        }
        return new IOException(name + ": cannot connect to " + location + ": " + message, e);
    }

    public int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    @Override
    public String toString() {
        return location + " (knownHosts " + knownHosts + ")";
    }
}
