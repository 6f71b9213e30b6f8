package lifeboat.plugin.sftp;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The validated settings of one SFTP target. {@link #toString()} leaves the secrets out. */
record SftpConfig(
        String name,
        String host,
        int port,
        String user,
        Optional<String> password,
        Optional<Path> privateKey,
        Optional<String> passphrase,
        Path knownHosts,
        String path,
        Duration timeout) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    SftpConfig {
        requireNonNull(name, "name is null");
        requireNonNull(host, "host is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(privateKey, "privateKey is null");
        requireNonNull(passphrase, "passphrase is null");
        requireNonNull(knownHosts, "knownHosts is null");
        requireNonNull(path, "path is null");
        requireNonNull(timeout, "timeout is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + ": port out of range: " + port);
        }
        if (password.isEmpty() && privateKey.isEmpty()) {
            throw new IllegalArgumentException(name + ": set password or privateKey");
        }
        if (passphrase.isPresent() && privateKey.isEmpty()) {
            throw new IllegalArgumentException(name + ": passphrase needs privateKey");
        }
        // "/srv/x/" and "/srv/x" are one directory; keep "/" itself
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException(name + ": path is empty");
        }
    }

    /** {@code sftp://user@host:port/path}, for messages. */
    String location() {
        return "sftp://" + user + "@" + host + ":" + port + (path.startsWith("/") ? "" : "/~/") + path;
    }

    @Override
    public String toString() {
        return location() + " (knownHosts " + knownHosts + ")";
    }
}
