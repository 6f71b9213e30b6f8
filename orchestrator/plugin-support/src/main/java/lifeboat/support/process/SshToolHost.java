package lifeboat.support.process;

import static java.util.Objects.requireNonNull;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import lifeboat.support.ssh.SshTarget;

/**
 * Tools run on an SSH host; JDBC reaches the database through local port forwards on 127.0.0.1. One session is
 * opened by the first {@link #lease()} and closed with the last, taking its forwards along. Thread-safe.
 */
public final class SshToolHost implements ToolHost {
    private final SshTarget target;
    private final String remoteTmpDir;
    private final JSch jsch;
    private final SecureRandom random = new SecureRandom();
    private Session session; // guarded by this
    private int leases; // guarded by this
    private final Map<String, Integer> forwards = new HashMap<>(); // guarded by this

    public SshToolHost(SshTarget target, String remoteTmpDir) throws IOException {
        this.target = requireNonNull(target, "target is null");
        this.remoteTmpDir = requireNonNull(remoteTmpDir, "remoteTmpDir is null");
        this.jsch = target.newJSch();
    }

    public SshTarget target() {
        return target;
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public Lease lease() throws IOException {
        synchronized (this) {
            session();
            leases++;
        }
        return new Lease() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (SshToolHost.this) {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    if (--leases == 0) {
                        disconnect();
                    }
                }
            }
        };
    }

    /** The open session; one is opened when there is none (a call outside a lease keeps it until the next ends). */
    synchronized Session session() throws IOException {
        if (session == null || !session.isConnected()) {
            forwards.clear();
            session = target.connect(jsch);
        }
        return session;
    }

    private synchronized void disconnect() {
        if (session != null) {
            session.disconnect();
            session = null;
        }
        forwards.clear();
    }

    @Override
    public ToolCommand command(String description, List<String> command) {
        Session s;
        try {
            s = session();
        } catch (IOException e) {
            // fails when run, as a tool that cannot start would
            return new ToolRun(spec -> {
                throw new IOException(e.getMessage(), e);
            }, description + suffix(), command);
        }
        return new ToolRun(new SshTransport(s), description + suffix(), command);
    }

    @Override
    public synchronized InetSocketAddress reach(String host, int port) throws IOException {
        Session s = session();
        String key = host + ":" + port;
        Integer local = forwards.get(key);
        if (local == null) {
            try {
                local = s.setPortForwardingL("127.0.0.1", 0, host, port);
            } catch (JSchException e) {
                throw new IOException(target.name() + ": cannot forward a local port to " + key + " as seen from "
                        + target.location() + ": " + e.getMessage(), e);
            }
            forwards.put(key, local);
        }
        return new InetSocketAddress("127.0.0.1", local);
    }

    @Override
    public SecretFile secretFile(String name, String content, Path localTmpDir) throws IOException {
        if (name.contains("/")) {
            throw new IllegalArgumentException("not a file name: " + name);
        }
        ChannelSftp sftp = sftp();
        String dir = remoteTmpDir.replaceAll("/+$", "") + "/lifeboat-" + randomName();
        String file = dir + "/" + name;
        boolean made = false;
        try {
            sftp.mkdir(dir); // fails if the name exists: nobody else can have prepared it
            made = true;
            sftp.chmod(0700, dir);
            SftpATTRS a = sftp.lstat(dir);
            if (!a.isDir() || (a.getPermissions() & 0777) != 0700) {
                throw new IOException(target.name() + ": the private directory " + dir + " on " + target.location()
                        + " did not get mode 0700 (it has " + Integer.toOctalString(a.getPermissions() & 0777) + ")");
            }
            // the file appears in a directory only its owner can enter, and is made 0600 before the tool runs
            sftp.put(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), file);
            sftp.chmod(0600, file);
        } catch (SftpException | IOException e) {
            if (made) {
                removeQuietly(sftp, file, dir);
            }
            sftp.disconnect();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException(target.name() + ": cannot write a password file below " + remoteTmpDir + " on "
                    + target.location() + ": " + e.getMessage(), e);
        }
        return new SecretFile() {
            @Override
            public String path() {
                return file;
            }

            @Override
            public void close() throws IOException {
                try {
                    ChannelSftp c = sftp.isConnected() ? sftp : sftp();
                    try {
                        c.rm(file);
                        c.rmdir(dir);
                    } finally {
                        c.disconnect();
                        sftp.disconnect();
                    }
                } catch (SftpException e) {
                    throw new IOException(target.name() + ": could not remove the password file " + file + " on "
                            + target.location() + "; remove " + dir + " by hand: " + e.getMessage(), e);
                } catch (IOException e) {
                    throw new IOException(target.name() + ": could not remove the password file " + file + " on "
                            + target.location() + " (" + e.getMessage() + "); remove " + dir + " by hand", e);
                }
            }
        };
    }

    private String randomName() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void removeQuietly(ChannelSftp sftp, String file, String dir) {
        try {
            sftp.rm(file);
        } catch (SftpException ignored) {
            // never written
        }
        try {
            sftp.rmdir(dir);
        } catch (SftpException ignored) {
            // best effort; the directory is private and empty
        }
    }

    private ChannelSftp sftp() throws IOException {
        try {
            ChannelSftp c = (ChannelSftp) session().openChannel("sftp");
            c.connect(target.timeoutMillis());
            return c;
        } catch (JSchException e) {
            throw new IOException(target.name() + ": cannot open an SFTP channel on " + target.location()
                    + " to write a password file: " + e.getMessage(), e);
        }
    }

    @Override
    public String suffix() {
        return " via " + target.location();
    }

    @Override
    public synchronized void close() {
        leases = 0;
        disconnect();
    }
}
