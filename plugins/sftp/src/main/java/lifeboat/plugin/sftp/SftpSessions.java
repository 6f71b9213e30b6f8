package lifeboat.plugin.sftp;

import static java.util.Objects.requireNonNull;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import lifeboat.support.ssh.SshTarget;

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
    private final SshTarget target;
    private final List<Session> sessions = new ArrayList<>(); // guarded by this
    private int connecting; // guarded by this

    SftpSessions(SftpConfig config) throws IOException {
        this.config = requireNonNull(config, "config is null");
        this.target = new SshTarget(config.name(), config.host(), config.port(), config.user(), config.password(),
                config.privateKey(), config.passphrase(), config.knownHosts(), config.timeout(), config.location());
        this.jsch = target.newJSch();
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
        if (channel == null) {
            // JSch hands back no channel when the session ends while it opens one (the server stopped): say so
            // rather than fail on the null, so the caller's message names the target
            throw new JSchException("the SSH session ended before an SFTP channel opened");
        }
        channel.connect(timeoutMillis());
        return channel;
    }

    /** Opens a session with the strict host-key check shared with database dumps over SSH ({@link SshTarget}). */
    private Session newSession() throws IOException {
        return target.connect(jsch);
    }

    private int timeoutMillis() {
        return target.timeoutMillis();
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
