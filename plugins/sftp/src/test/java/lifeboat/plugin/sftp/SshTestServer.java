package lifeboat.plugin.sftp;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import lifeboat.spi.Settings;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An SSH server in this JVM (Apache MINA SSHD) on a free loopback port, serving SFTP from a directory. It accepts
 * one user by password or by one public key, can be restarted on the same port with another host key, and can
 * fail every write as a full disk would.
 */
final class SshTestServer implements AutoCloseable {
    static final String USER = "backup";
    static final String PASSWORD = "Pa55-word-never-logged";

    final Path root;
    final Path clientDir;
    final AtomicBoolean diskFull = new AtomicBoolean();
    private java.security.KeyPair hostKey;
    private String authorizedKey;
    private SshServer server;
    private volatile int channelLimit = Integer.MAX_VALUE;
    private final Map<Session, AtomicInteger> openChannels = new java.util.concurrent.ConcurrentHashMap<>();
    private int port;

    SshTestServer(Path dir) throws Exception {
        this.root = Files.createDirectories(dir.resolve("server-root"));
        this.clientDir = Files.createDirectories(dir.resolve("client"));
        this.hostKey = newHostKey();
        start();
    }

    static java.security.KeyPair newHostKey() throws GeneralSecurityException {
        // EC keys generate in milliseconds, RSA ones in up to a second
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    void start() throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setPublickeyAuthenticator((user, key, session) ->
                USER.equals(user) && authorizedKey != null && authorizedKey.equals(PublicKeyEntry.toString(key)));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
                    byte[] data, int dataOffset, int dataLen) throws IOException {
                if (diskFull.get()) {
                    throw new IOException("No space left on device");
                }
            }
        });
        server.setSubsystemFactories(List.of(sftp));
        server.setChannelFactories(List.of(limitedSessionChannels()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        port = server.getPort();
    }

    void stop() throws IOException {
        server.stop(true);
    }

    /** Restarts on the same port with a new host key, as a reinstalled or impersonated server would. */
    void restartWithNewHostKey() throws Exception {
        stop();
        hostKey = newHostKey();
        start();
    }

    /** Announce no posix-rename@openssh.com to new sessions, as servers other than OpenSSH may not. */
    void withoutPosixRename() {
        org.apache.sshd.sftp.SftpModuleProperties.OPENSSH_EXTENSIONS.set(server, "fsync@openssh.com=1");
    }

    /**
     * Refuse more than {@code n} channels per connection with a channel-open failure, as OpenSSH's MaxSessions
     * does. (MINA's own MAX_CONCURRENT_CHANNELS drops the whole connection instead.)
     */
    void limitChannelsPerSession(int n) {
        channelLimit = n;
    }

    private ChannelFactory limitedSessionChannels() {
        return new ChannelFactory() {
            @Override
            public String getName() {
                return "session";
            }

            @Override
            public Channel createChannel(Session session) {
                AtomicInteger open = openChannels.computeIfAbsent(session, s -> new AtomicInteger());
                if (open.incrementAndGet() > channelLimit) {
                    open.decrementAndGet();
                    return null; // MINA answers SSH_MSG_CHANNEL_OPEN_FAILURE
                }
                ChannelSession channel = new ChannelSession();
                channel.addChannelListener(new ChannelListener() {
                    @Override
                    public void channelClosed(Channel c, Throwable reason) {
                        open.decrementAndGet();
                    }
                });
                return channel;
            }
        };
    }

    int port() {
        return port;
    }

    /** A known_hosts file trusting the current host key. */
    Path knownHosts() throws IOException {
        Path f = clientDir.resolve("known_hosts");
        Files.writeString(f, "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
        return f;
    }

    Path emptyKnownHosts() throws IOException {
        Path f = clientDir.resolve("known_hosts.empty");
        Files.writeString(f, "");
        return f;
    }

    /** Writes a new client key pair in PEM form (encrypted when a passphrase is given) and authorizes it. */
    Path clientKey(String passphrase) throws Exception {
        KeyPair kp = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
        ByteArrayOutputStream pub = new ByteArrayOutputStream();
        kp.writePublicKey(pub, "lifeboat-test");
        String[] parts = pub.toString(StandardCharsets.US_ASCII).trim().split(" ");
        authorizedKey = parts[0] + " " + parts[1];
        Path f = clientDir.resolve("id_ecdsa" + (passphrase == null ? "" : "_encrypted"));
        if (passphrase == null) {
            kp.writePrivateKey(f.toString());
        } else {
            kp.writePrivateKey(f.toString(), passphrase.getBytes(StandardCharsets.UTF_8));
        }
        kp.dispose();
        return f;
    }

    /** Settings as the core would pass them: password login, trusting the current host key. */
    Settings settings(String path, Map<String, Object> extra) throws IOException {
        Map<String, Object> v = new HashMap<>();
        v.put("host", "127.0.0.1");
        v.put("port", (long) port);
        v.put("user", USER);
        v.put("password", PASSWORD);
        v.put("knownHosts", knownHosts());
        v.put("path", path);
        v.put("timeout", java.time.Duration.ofSeconds(10));
        v.putAll(extra);
        v.values().removeIf(java.util.Objects::isNull);
        return new Settings("nas", "sftp", v);
    }

    SftpStorage storage(String path, Map<String, Object> extra) throws IOException {
        return (SftpStorage) new SftpStorageFactory().create(settings(path, extra), () -> clientDir);
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
