package lifeboat.support.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;
import lifeboat.support.ssh.SshTarget;

/**
 * The {@code via*} properties a database source accepts to run its tools on an SSH host, and the
 * {@link ToolHost} they describe. Flat keys, because plugin settings are flat.
 */
public final class ViaSettings {
    public static final int DEFAULT_PORT = 22;
    public static final String DEFAULT_TMP_DIR = "/tmp";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> KEYS = List.of("viaHost", "viaPort", "viaUser", "viaPassword", "viaPrivateKey",
            "viaPassphrase", "viaKnownHosts", "viaTmpDir", "viaConnectTimeout");

    private ViaSettings() {
    }

    public static List<PropertySpec> properties() {
        return List.of(
                PropertySpec.optional("viaHost", PropertyType.STRING,
                        "SSH host to run the dump and restore tools on, for servers whose database port is not"
                                + " exposed; host and port are then as seen from that host (usually 127.0.0.1)"),
                PropertySpec.optional("viaPort", PropertyType.INTEGER, "SSH port of viaHost, default 22"),
                PropertySpec.optional("viaUser", PropertyType.STRING, "SSH user on viaHost (required with viaHost)"),
                PropertySpec.secret("viaPassword", "SSH password on viaHost"),
                PropertySpec.optional("viaPrivateKey", PropertyType.PATH, "SSH private key file for viaHost"),
                PropertySpec.secret("viaPassphrase", "passphrase of an encrypted viaPrivateKey"),
                PropertySpec.optional("viaKnownHosts", PropertyType.PATH,
                        "known_hosts file holding viaHost's key (required with viaHost); unknown or changed keys"
                                + " are refused"),
                PropertySpec.optional("viaTmpDir", PropertyType.STRING,
                        "directory on viaHost for the short-lived 0700 directory holding the password file;"
                                + " default /tmp"),
                PropertySpec.optional("viaConnectTimeout", PropertyType.DURATION,
                        "SSH connect and read timeout; default 30s"));
    }

    /** This machine when {@code viaHost} is unset, otherwise an SSH host with strict host-key checking. */
    public static ToolHost toolHost(Settings s) throws IOException {
        if (!s.has("viaHost")) {
            for (String key : KEYS) {
                if (s.has(key)) {
                    throw new IllegalArgumentException(s.name() + ": " + key + " needs viaHost");
                }
            }
            return ToolHost.local();
        }
        String host = s.requireString("viaHost");
        int port = (int) s.integer("viaPort", DEFAULT_PORT);
        String user = s.string("viaUser").orElseThrow(() ->
                new IllegalArgumentException(s.name() + ": viaHost needs viaUser"));
        Path knownHosts = s.path("viaKnownHosts").orElseThrow(() -> new IllegalArgumentException(s.name()
                + ": viaHost needs viaKnownHosts, a known_hosts file with the host's key (create it with:"
                + " ssh-keyscan -p " + port + " " + host + ")"));
        Optional<String> password = s.string("viaPassword");
        Optional<Path> key = s.path("viaPrivateKey");
        Optional<String> passphrase = s.string("viaPassphrase");
        if (password.isEmpty() && key.isEmpty()) {
            throw new IllegalArgumentException(s.name() + ": viaHost needs viaPassword or viaPrivateKey");
        }
        if (passphrase.isPresent() && key.isEmpty()) {
            throw new IllegalArgumentException(s.name() + ": viaPassphrase needs viaPrivateKey");
        }
        if (!Files.isReadable(knownHosts)) {
            throw new IOException(s.name() + ": viaKnownHosts file " + knownHosts
                    + " is missing or unreadable; create it with: ssh-keyscan -p " + port + " " + host);
        }
        String tmp = s.string("viaTmpDir").orElse(DEFAULT_TMP_DIR);
        if (!tmp.startsWith("/")) {
            throw new IllegalArgumentException(s.name() + ": viaTmpDir must be an absolute path on " + host);
        }
        var target = new SshTarget(s.name(), host, port, user, password, key, passphrase, knownHosts,
                s.duration("viaConnectTimeout").orElse(DEFAULT_TIMEOUT), "ssh://" + user + "@" + host + ":" + port);
        return new SshToolHost(target, tmp);
    }
}
