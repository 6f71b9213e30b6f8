package lifeboat.plugin.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import lifeboat.spi.EntryType;
import lifeboat.spi.Excludes;
import lifeboat.spi.TreeEntry;
import lifeboat.spi.TreeSource;
import lifeboat.spi.TreeVisitor;

/**
 * A share on an SFTP server. SFTP (version 3) reports size, whole-second mtime, permissions and numeric owners, but
 * no ctime, inode or link count: changes are found by size and mtime, and hard links are stored as separate files.
 */
final class SftpTreeSource implements TreeSource {
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    private final SftpConfig config;
    private final SftpSessions sessions;
    private final Excludes excludes;
    private ChannelSftp walkChannel;

    SftpTreeSource(SftpConfig config, List<String> excludes) throws IOException {
        this.config = config;
        this.sessions = new SftpSessions(config);
        this.excludes = new Excludes(excludes);
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
    public void walk(TreeVisitor visitor) throws IOException {
        walkChannel = sessions.channel();
        try {
            SftpATTRS root = walkChannel.stat(config.path());
            if (!root.isDir()) {
                throw new IOException(config.name() + ": " + config.location() + " is not a directory");
            }
            walkDirectory(config.path(), "", visitor);
        } catch (SftpException e) {
            throw new IOException(config.name() + ": cannot read " + config.location() + ": " + e.getMessage(), e);
        } finally {
            walkChannel.disconnect();
            walkChannel = null;
        }
    }

    private void walkDirectory(String remote, String prefix, TreeVisitor visitor) throws IOException {
        List<ChannelSftp.LsEntry> children = new ArrayList<>();
        try {
            Vector<?> listing = walkChannel.ls(remote);
            for (Object o : listing) {
                ChannelSftp.LsEntry e = (ChannelSftp.LsEntry) o;
                if (!e.getFilename().equals(".") && !e.getFilename().equals("..")) {
                    children.add(e);
                }
            }
        } catch (SftpException e) {
            visitor.failed(prefix.isEmpty() ? "." : prefix, new IOException(describe(e), e));
            return;
        }
        children.sort((a, b) -> a.getFilename().compareTo(b.getFilename()));
        for (ChannelSftp.LsEntry child : children) {
            String rel = prefix.isEmpty() ? child.getFilename() : prefix + "/" + child.getFilename();
            if (excludes.excluded(rel)) {
                continue;
            }
            String childRemote = remote + "/" + child.getFilename();
            TreeEntry entry;
            try {
                entry = entry(walkChannel, rel, childRemote, child.getAttrs());
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    continue;
                }
                visitor.failed(rel, new IOException(describe(e), e));
                continue;
            }
            if (entry == null) {
                visitor.skipped(rel, "not a regular file, directory or symlink");
                continue;
            }
            visitor.entry(entry);
            if (entry.type() == EntryType.DIRECTORY) {
                walkDirectory(childRemote, rel, visitor);
            }
        }
    }

    private static TreeEntry entry(ChannelSftp channel, String rel, String remote, SftpATTRS a) throws SftpException {
        int perms = a.getPermissions();
        EntryType type = switch (perms & S_IFMT) {
            case S_IFREG -> EntryType.FILE;
            case S_IFDIR -> EntryType.DIRECTORY;
            case S_IFLNK -> EntryType.SYMLINK;
            default -> null;
        };
        if (type == null) {
            return null;
        }
        String target = type == EntryType.SYMLINK ? channel.readlink(remote) : null;
        Instant mtime = Instant.ofEpochSecond(Integer.toUnsignedLong(a.getMTime()));
        return new TreeEntry(rel, type, type == EntryType.FILE ? a.getSize() : 0, mtime, null, perms & 07777,
                a.getUId(), a.getGId(), null, null, null, 1, target);
    }

    @Override
    public InputStream open(TreeEntry entry) throws IOException {
        ChannelSftp channel = sessions.channel();
        try {
            InputStream in = channel.get(config.path() + "/" + entry.path());
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
                throw new NoSuchFileException(entry.path());
            }
            if (e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED) {
                throw new AccessDeniedException(entry.path());
            }
            throw new IOException(entry.path() + ": " + describe(e), e);
        }
    }

    @Override
    public TreeEntry stat(String path) throws IOException {
        ChannelSftp channel = sessions.channel();
        try {
            return entry(channel, path, config.path() + "/" + path, channel.lstat(config.path() + "/" + path));
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return null;
            }
            throw new IOException(path + ": " + describe(e), e);
        } finally {
            channel.disconnect();
        }
    }

    private static String describe(SftpException e) {
        return switch (e.id) {
            case ChannelSftp.SSH_FX_PERMISSION_DENIED -> "permission denied";
            case ChannelSftp.SSH_FX_NO_SUCH_FILE -> "vanished";
            default -> e.getMessage();
        };
    }

    @Override
    public void close() {
        sessions.close();
    }
}
