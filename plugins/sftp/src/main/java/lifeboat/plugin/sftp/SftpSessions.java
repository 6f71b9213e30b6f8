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
 * A small pool of SSH sessions per target; every operation gets its own SFTP channel on one of them, so callers on
 * different threads never share a channel. Servers cap channels per connection (OpenSSH's MaxSessions defaults to
 * 10), so when no open session accepts another channel a new session is opened, up to {@value #MAX_SESSIONS}.
 * Sessions that dropped are forgotten and replaced on demand. Thread-safe.
 */
final class SftpSessions implements AutoCloseable {
    static final int MAX_SESSIONS = 4;

    private final SftpConfig config;
    private final JSch jsch;
    private final HostKeyRepository knownHosts;
    private final List<Session> sessions = new ArrayList<>(); // guarded by this
    private int connecting; // guarded by this

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
        JSchException last = null;
        for (Session s : liveSessions()) {
            try {
                return connect(s);
            } catch (JSchException e) {
                // full (too many channels) or just died: try the next one
                last = e;
                forgetIfDead(s);
            }
        }
        boolean full;
        synchronized (this) {
            // reserve a slot, then connect outside the lock: a slow server must not block the other threads
            full = sessions.size() + connecting >= MAX_SESSIONS;
            if (!full) {
                connecting++;
            }
        }
        Session fresh = null;
        if (!full) {
            try {
                fresh = newSession();
            } finally {
                synchronized (this) {
                    connecting--;
                    if (fresh != null) {
                        sessions.add(fresh);
                    }
                }
            }
        }
        if (fresh == null) {
            throw new IOException(config.name() + ": no SSH session to " + config.location() + " accepts another channel ("
                    + MAX_SESSIONS + " sessions open; the server limits channels per connection, e.g. OpenSSH MaxSessions)"
                    + (last == null ? "" : ": " + last.getMessage()), last);
        }
        try {
            return connect(fresh);
        } catch (JSchException e) {
            forgetIfDead(fresh);
            throw new IOException(config.name() + ": cannot open an SFTP channel on " + config.location() + ": "
                    + e.getMessage(), e);
        }
    }

    private synchronized List<Session> liveSessions() {
        sessions.removeIf(s -> !s.isConnected());
        return List.copyOf(sessions);
    }

    private synchronized void forgetIfDead(Session s) {
        if (!s.isConnected()) {
            sessions.remove(s);
        }
    }

    private ChannelSftp connect(Session s) throws JSchException {
        ChannelSftp channel = (ChannelSftp) s.openChannel("sftp");
        channel.connect(timeoutMillis());
        return channel;
    }

    private Session newSession() throws IOException {
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

    /** For tests: sessions open now. */
    synchronized int sessionCount() {
        return sessions.size();
    }

    @Override
    public synchronized void close() {
        sessions.forEach(Session::disconnect);
        sessions.clear();
    }
}
