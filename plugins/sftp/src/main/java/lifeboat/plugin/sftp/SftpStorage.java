package lifeboat.plugin.sftp;

import static java.util.Objects.requireNonNull;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import lifeboat.spi.NoSuchObjectException;
import lifeboat.spi.ObjectInfo;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Storage;

/**
 * Objects as files below a directory on an SSH server. A write goes to a temporary file beside its final name
 * (containing {@value #TEMP_MARK}) and is renamed over the final name on commit, with OpenSSH's
 * posix-rename extension when the server offers it (atomic replace), else by removing the old file first (a
 * reader may then briefly see no object, never a partial one). {@link #removeIncomplete(String)} deletes temporary
 * files an interrupted write left. Thread-safe: each operation uses its own channel on a shared session.
 */
final class SftpStorage implements Storage {
    static final String TEMP_MARK = ".lifeboat-tmp-";
    static final String POSIX_RENAME = "posix-rename@openssh.com";
    private static final int WRITE_BUFFER = 64 * 1024;

    private final SftpConfig config;
    private final SftpSessions sessions;

    SftpStorage(SftpConfig config) throws IOException {
        this.config = requireNonNull(config, "config is null");
        this.sessions = new SftpSessions(config);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String location() {
        return config.location();
    }

    @Override
    public PendingObject create(String key) throws IOException {
        String target = remote(key);
        int slash = target.lastIndexOf('/');
        String dir = target.substring(0, slash);
        String temp = dir + "/." + target.substring(slash + 1) + TEMP_MARK
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
        ChannelSftp channel = sessions.channel();
        try {
            mkdirs(channel, dir);
            OutputStream out = channel.put(temp, ChannelSftp.OVERWRITE);
            return new SftpPendingObject(this, channel, out, key, temp, target);
        } catch (SftpException e) {
            channel.disconnect();
            throw failure("creating '" + key + "'", target, e);
        } catch (RuntimeException e) {
            channel.disconnect();
            throw e;
        }
    }

    /** A backup creates the path when it is missing, so prove it can: start a probe object and discard it. */
    @Override
    public void check() throws IOException {
        try (PendingObject probe = create(".lifeboat-check")) {
            // closed without a commit: the temporary file goes again
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        String path = remote(key);
        ChannelSftp channel = sessions.channel();
        try {
            InputStream in = channel.get(path);
            // the channel lives as long as the stream
            return new FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        channel.disconnect();
                    }
                }
            };
        } catch (SftpException e) {
            channel.disconnect();
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw new NoSuchObjectException(config.name(), key);
            }
            throw failure("reading '" + key + "'", path, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        String path = remote(key);
        return withChannel("stat of '" + key + "'", path, ch -> {
            try {
                SftpATTRS attrs = ch.stat(path);
                return attrs.isReg() ? Optional.of(info(key, attrs)) : Optional.empty();
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        List<ObjectInfo> out = new ArrayList<>();
        walk("listing '" + prefix + "'", prefix, (ch, key, attrs) -> {
            if (!isTemp(key) && key.startsWith(prefix)) {
                out.add(info(key, attrs));
            }
        });
        out.sort(Comparator.comparing(ObjectInfo::key));
        return out;
    }

    @Override
    public void delete(String key) throws IOException {
        String path = remote(key);
        withChannel("deleting '" + key + "'", path, ch -> {
            try {
                ch.rm(path);
            } catch (SftpException e) {
                if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public int removeIncomplete(String prefix) throws IOException {
        int[] removed = {0};
        walk("removing leftovers under '" + prefix + "'", prefix, (ch, key, attrs) -> {
            if (isTemp(key) && (key.startsWith(prefix) || finalKeyOf(key).startsWith(prefix))) {
                try {
                    ch.rm(remoteUnchecked(key));
                    removed[0]++;
                } catch (SftpException e) {
                    if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                        throw e;
                    }
                }
            }
        });
        return removed[0];
    }

    @Override
    public OptionalLong freeBytes() throws IOException {
        return withChannel("free space", config.path(), ch -> {
            if (ch.getExtension("statvfs@openssh.com") == null) {
                return OptionalLong.empty();
            }
            try {
                var vfs = ch.statVFS(config.path());
                return OptionalLong.of(vfs.getAvailBlocks() * vfs.getFragmentSize());
            } catch (SftpException e) {
                return OptionalLong.empty();
            }
        });
    }

    @Override
    public void close() {
        sessions.close();
    }

    /** Best effort: a file that stays behind is a temporary one, which {@link #removeIncomplete} deletes later. */
    void removeQuietly(String path) {
        try {
            withChannel("removing " + path, path, ch -> {
                try {
                    ch.rm(path);
                } catch (SftpException e) {
                    if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                        throw e;
                    }
                }
                return null;
            });
        } catch (IOException ignored) {
            // the caller is already reporting why the write failed
        }
    }

    /** Renames the finished temporary file over the object's final name. */
    void publish(ChannelSftp channel, String temp, String target) throws SftpException {
        if (channel.getExtension(POSIX_RENAME) != null) {
            channel.rename(temp, target); // JSch uses posix-rename here: replaces atomically
            return;
        }
        try {
            channel.rename(temp, target);
        } catch (SftpException e) {
            // plain SFTP rename refuses an existing target: remove it first
            try {
                channel.stat(target);
            } catch (SftpException missing) {
                throw e;
            }
            channel.rm(target);
            channel.rename(temp, target);
        }
    }

    private void mkdirs(ChannelSftp ch, String dir) throws SftpException {
        try {
            if (ch.stat(dir).isDir()) {
                return;
            }
        } catch (SftpException e) {
            if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
        }
        int slash = dir.lastIndexOf('/');
        if (slash > 0) {
            mkdirs(ch, dir.substring(0, slash));
        }
        try {
            ch.mkdir(dir);
        } catch (SftpException e) {
            // another writer may have made it meanwhile
            if (!ch.stat(dir).isDir()) {
                throw e;
            }
        }
    }

    private interface Visitor {
        void file(ChannelSftp ch, String key, SftpATTRS attrs) throws SftpException;
    }

    /** Visits every regular file below the deepest directory {@code prefix} names, temporary files included. */
    private void walk(String action, String prefix, Visitor visitor) throws IOException {
        int slash = prefix.lastIndexOf('/');
        String startKey = slash < 0 ? "" : prefix.substring(0, slash);
        withChannel(action, config.path(), ch -> {
            walk(ch, startKey, prefix, visitor);
            return null;
        });
    }

    private void walk(ChannelSftp ch, String dirKey, String prefix, Visitor visitor) throws SftpException {
        List<ChannelSftp.LsEntry> entries;
        try {
            entries = new ArrayList<>(ch.ls(dirKey.isEmpty() ? config.path() : config.path() + "/" + dirKey));
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return;
            }
            throw e;
        }
        for (ChannelSftp.LsEntry entry : entries) {
            String name = entry.getFilename();
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            String key = dirKey.isEmpty() ? name : dirKey + "/" + name;
            SftpATTRS attrs = entry.getAttrs();
            if (attrs.isDir()) {
                // only descend where keys under the prefix can be
                if ((key + "/").startsWith(prefix) || prefix.startsWith(key + "/")) {
                    walk(ch, key, prefix, visitor);
                }
            } else if (attrs.isReg()) {
                visitor.file(ch, key, attrs);
            }
        }
    }

    private interface ChannelAction<T> {
        T run(ChannelSftp channel) throws SftpException;
    }

    private <T> T withChannel(String action, String path, ChannelAction<T> fn) throws IOException {
        ChannelSftp channel = sessions.channel();
        try {
            return fn.run(channel);
        } catch (SftpException e) {
            throw failure(action, path, e);
        } finally {
            channel.disconnect();
        }
    }

    IOException failure(String action, String path, SftpException e) {
        String why = switch (e.id) {
            case ChannelSftp.SSH_FX_PERMISSION_DENIED -> "permission denied";
            case ChannelSftp.SSH_FX_NO_SUCH_FILE -> "no such file or directory";
            case 14 -> "no space left on the server"; // SSH_FX_NO_SPACE_ON_FILESYSTEM (SFTP v5+)
            default -> "server error " + e.id;
        };
        return new IOException(config.name() + ": " + action + " failed on " + config.location() + ": " + why + " ("
                + path + ": " + e.getMessage() + ")", e);
    }

    private static ObjectInfo info(String key, SftpATTRS attrs) {
        return new ObjectInfo(key, attrs.getSize(), Instant.ofEpochSecond(attrs.getMTime() & 0xffffffffL));
    }

    static boolean isTemp(String key) {
        return key.substring(key.lastIndexOf('/') + 1).contains(TEMP_MARK);
    }

    /** {@code a/.name.lifeboat-tmp-1f} belongs to {@code a/name}. */
    private static String finalKeyOf(String tempKey) {
        int slash = tempKey.lastIndexOf('/');
        String file = tempKey.substring(slash + 1);
        String name = file.substring(1, file.indexOf(TEMP_MARK));
        return tempKey.substring(0, slash + 1) + name;
    }

    String remote(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("//")) {
            throw new IllegalArgumentException("invalid object key '" + key + "'");
        }
        for (String segment : key.split("/")) {
            if (segment.equals(".") || segment.equals("..") || segment.contains(TEMP_MARK)) {
                throw new IllegalArgumentException("invalid object key '" + key + "'");
            }
        }
        return remoteUnchecked(key);
    }

    private String remoteUnchecked(String key) {
        return config.path().equals("/") ? "/" + key : config.path() + "/" + key;
    }

    /** For tests: SSH sessions open now. */
    int sessionCount() {
        return sessions.sessionCount();
    }

    SftpConfig config() {
        return config;
    }

    static OutputStream buffered(OutputStream out) {
        return new BufferedOutputStream(out, WRITE_BUFFER);
    }
}
