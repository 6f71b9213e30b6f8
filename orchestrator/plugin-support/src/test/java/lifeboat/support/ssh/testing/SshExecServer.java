package lifeboat.support.ssh.testing;

import com.jcraft.jsch.JSch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An SSH server in this JVM (Apache MINA SSHD) on a free loopback port standing in for a database host: exec
 * channels run real commands through /bin/sh on this machine (so pg_dump or mariadb-dump runs here, as it would there), SFTP works
 * on the real filesystem, and local port forwards are allowed. Every exec command line is recorded.
 */
public final class SshExecServer implements AutoCloseable {
    public static final String USER = "dbadmin";
    public static final String PASSWORD = "Ssh-Pa55-never-logged";

    public final List<String> commands = new CopyOnWriteArrayList<>();
    private final Path dir;
    private KeyPair hostKey;
    private SshServer server;
    private int port;
    private volatile String authorizedKey;

    public SshExecServer(Path dir) throws Exception {
        this.dir = Files.createDirectories(dir);
        this.hostKey = newHostKey();
        start();
    }

    private static KeyPair newHostKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private void start() throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setPublickeyAuthenticator((user, key, session) ->
                USER.equals(user) && authorizedKey != null && authorizedKey.equals(PublicKeyEntry.toString(key)));
        server.setCommandFactory((channel, command) -> {
            commands.add(command);
            return ProcessShellCommandFactory.INSTANCE.createCommand(channel, command);
        });
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        server.setFileSystemFactory(NativeFileSystemFactory.INSTANCE);
        server.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        server.start();
        port = server.getPort();
    }

    /** Restarts on the same port with a new host key, as a reinstalled or impersonated server would. */
    public void restartWithNewHostKey() throws Exception {
        server.stop(true);
        hostKey = newHostKey();
        start();
    }

    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(hostKey.getPublic());
    }

    public int port() {
        return port;
    }

    public Path knownHosts() throws IOException {
        Path f = dir.resolve("known_hosts");
        Files.writeString(f, "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
        return f;
    }

    /** Writes a new client key pair, encrypted with the passphrase, and authorizes it. */
    public Path clientKey(String passphrase) throws Exception {
        // JSch's own KeyPair: it writes the OpenSSH private key format ssh clients read
        var kp = com.jcraft.jsch.KeyPair.genKeyPair(new JSch(), com.jcraft.jsch.KeyPair.ECDSA, 256);
        var pub = new ByteArrayOutputStream();
        kp.writePublicKey(pub, "lifeboat-test");
        String[] parts = pub.toString(StandardCharsets.US_ASCII).trim().split(" ");
        authorizedKey = parts[0] + " " + parts[1];
        Path f = dir.resolve("id_ecdsa_encrypted");
        kp.writePrivateKey(f.toString(), passphrase.getBytes(StandardCharsets.UTF_8));
        kp.dispose();
        return f;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
