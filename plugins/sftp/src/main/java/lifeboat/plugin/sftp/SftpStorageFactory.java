package lifeboat.plugin.sftp;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import lifeboat.spi.PluginContext;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;
import lifeboat.spi.Storage;
import lifeboat.spi.StorageFactory;

final class SftpStorageFactory implements StorageFactory {
    @Override
    public String type() {
        return "sftp";
    }

    @Override
    public List<PropertySpec> properties() {
        return List.of(
                PropertySpec.required("host", PropertyType.STRING, "SSH server name or address"),
                PropertySpec.optional("port", PropertyType.INTEGER, "SSH port; default 22"),
                PropertySpec.required("user", PropertyType.STRING, "user to log in as"),
                PropertySpec.secret("password", "password; set this or privateKey"),
                PropertySpec.optional("privateKey", PropertyType.PATH, "private key file (OpenSSH or PEM)"),
                PropertySpec.secret("passphrase", "passphrase of the private key"),
                PropertySpec.required("knownHosts", PropertyType.PATH,
                        "known_hosts file holding the server's host key; unknown or changed keys are refused"),
                PropertySpec.required("path", PropertyType.STRING, "remote directory that holds the repository"),
                PropertySpec.optional("timeout", PropertyType.DURATION, "connect and read timeout; default 30s"));
    }

    @Override
    public Storage create(Settings settings, PluginContext context) throws IOException {
        SftpConfig config = config(settings);
        if (!Files.isReadable(config.knownHosts())) {
            // JSch would treat a missing file as empty and refuse every host with a less helpful message
            throw new IOException(config.name() + ": knownHosts file " + config.knownHosts()
                    + " is missing or unreadable; create it with: ssh-keyscan -p " + config.port() + " " + config.host());
        }
        return new SftpStorage(config);
    }

    static SftpConfig config(Settings s) {
        long port = s.integer("port", 22);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(s.name() + ": port out of range: " + port);
        }
        return new SftpConfig(
                s.name(),
                s.requireString("host"),
                (int) port,
                s.requireString("user"),
                s.string("password"),
                s.path("privateKey"),
                s.string("passphrase"),
                s.requirePath("knownHosts"),
                s.requireString("path"),
                s.duration("timeout").orElse(SftpConfig.DEFAULT_TIMEOUT));
    }
}
