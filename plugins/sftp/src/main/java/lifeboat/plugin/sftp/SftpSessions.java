package lifeboat.plugin.sftp;

import static java.util.Objects.requireNonNull;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One SSH session per target, opened on first use and reopened when it dropped; every operation gets its own
 * SFTP channel on it, so callers on different threads never share a channel. Thread-safe.
 */
final class SftpSessions implements AutoCloseable {
    private final SftpConfig config;
    private final JSch jsch;
    private final HostKeyRepository knownHosts;
    private Session session;

    SftpSessions(SftpConfig config) throws IOException {
        this.config = requireNonNull(config, "config is null");
        this.jsch = new JSch();
        try {
            jsch.setKnownHosts(config.knownHosts().toString());
        } catch (JSchException e) {
            throw new IOException(config.name() + ": cannot read knownHosts " + config.knownHosts() + ": " + e.getMessage(), e);
        }
        this.knownHosts = jsch.getHostKeyRepository();
        if (config.privateKey().isPresent()) {
            try {
                byte[] passphrase = config.passphrase().map(p -> p.getBytes(StandardCharsets.UTF_8)).orElse(null);
                jsch.addIdentity(config.privateKey().get().toString(), passphrase);
            } catch (JSchException e) {
                // JSch's message says nothing secret; it names the file or the format problem
                throw new IOException(config.name() + ": cannot load privateKey " + config.privateKey().get()
                        + (config.passphrase().isPresent() ? " (wrong passphrase?)" : " (encrypted? set passphrase)")
                        + ": " + e.getMessage(), e);
            }
        }
    }

    /** A connected SFTP channel for one operation; the caller disconnects it. */
    ChannelSftp channel() throws IOException {
        Session s = session();
        try {
            return connect(s);
        } catch (JSchException e) {
            // the session may have died since we last used it: one fresh try
            synchronized (this) {
                if (session == s) {
                    s.disconnect();
                    session = null;
                }
            }
            try {
                return connect(session());
            } catch (JSchException again) {
                throw new IOException(config.name() + ": cannot open an SFTP channel on " + config.location() + ": "
                        + again.getMessage(), again);
            }
        }
    }

    private ChannelSftp connect(Session s) throws JSchException {
        ChannelSftp channel = (ChannelSftp) s.openChannel("sftp");
        channel.connect(timeoutMillis());
        return channel;
    }

    private synchronized Session session() throws IOException {
        if (session != null && session.isConnected()) {
            return session;
        }
        HostKeyCheck check = new HostKeyCheck(knownHosts);
        try {
            Session s = jsch.getSession(config.user(), config.host(), config.port());
            s.setHostKeyRepository(check);
            s.setConfig("StrictHostKeyChecking", "yes");
            List<String> methods = new ArrayList<>();
            config.privateKey().ifPresent(k -> methods.add("publickey"));
            if (config.password().isPresent()) {
                s.setPassword(config.password().get());
                methods.add("password");
            }
            s.setConfig("PreferredAuthentications", String.join(",", methods));
            s.setTimeout(timeoutMillis());
            s.setServerAliveInterval(timeoutMillis());
            s.connect(timeoutMillis());
            session = s;
            return s;
        } catch (JSchException e) {
            throw translate(e, check);
        }
    }

    private IOException translate(JSchException e, HostKeyCheck check) {
        String where = config.host() + ":" + config.port();
        if (check.refusal() == HostKeyRepository.CHANGED) {
            return new IOException(config.name() + ": REFUSED: the host key of " + where + " has CHANGED. The server offered "
                    + check.presentedKey() + ", which does not match " + config.knownHosts()
                    + ". Someone may be intercepting the connection, or the server was reinstalled: check the"
                    + " fingerprint with the server's administrator before replacing the line in knownHosts.", e);
        }
        if (check.refusal() == HostKeyRepository.NOT_INCLUDED) {
            return new IOException(config.name() + ": REFUSED: the host key of " + where + " is not in "
                    + config.knownHosts() + ". The server offered " + check.presentedKey()
                    + ". If that is the server's key (compare with ssh-keygen -lf on the server), add it: ssh-keyscan -p "
                    + config.port() + " " + config.host() + " >> " + config.knownHosts(), e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            return new IOException(config.name() + ": authentication as '" + config.user() + "' on " + where
                    + " failed: check " + (config.privateKey().isPresent() ? "privateKey" : "")
                    + (config.privateKey().isPresent() && config.password().isPresent() ? " and " : "")
                    + (config.password().isPresent() ? "password" : ""), e);
        }
        return new IOException(config.name() + ": cannot connect to " + config.location() + ": " + message, e);
    }

    private int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.disconnect();
            session = null;
        }
    }
}
