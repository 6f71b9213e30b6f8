package lifeboat.core.backup;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lifeboat.core.model.Progress;
import lifeboat.core.repo.ManifestEntry;
import lifeboat.core.repo.ManifestReader;
import lifeboat.core.repo.ManifestWriter;
import lifeboat.core.repo.PathOrder;
import lifeboat.core.repo.Sha256;
import lifeboat.spi.TreeEntry;
import lifeboat.spi.TreeSource;
import lifeboat.spi.TreeVisitor;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Archives a tree in one pass: walks it in {@link PathOrder}, merges each entry with the previous backup's manifest
 * (read in the same order, so memory stays bounded), stores changed files in the tar stream while hashing them,
 * and writes this backup's manifest. A file is unchanged when its size, mtime, ctime and inode are; unchanged files
 * are not read. Not thread-safe; one instance per backup.
 */
final class TreeArchiver implements TreeVisitor {
    private static final int BUFFER = 1 << 20;

    private final TreeSource source;
    private final String backupId;
    private final ManifestReader previous;
    private final TarArchiveOutputStream tar;
    private final ManifestWriter manifest;
    private final Progress progress;
    private final byte[] buffer = new byte[BUFFER];
    /** first path and hash of each multiply-linked inode seen so far; bounded by the hard-linked files */
    private final Map<String, String[]> hardLinks = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private long files;
    private long bytes;
    private long storedFiles;
    private long storedBytes;
    private long deleted;

    TreeArchiver(TreeSource source, String backupId, ManifestReader previous, TarArchiveOutputStream tar,
            ManifestWriter manifest, Progress progress) {
        this.source = source;
        this.backupId = backupId;
        this.previous = previous;
        this.tar = tar;
        this.manifest = manifest;
        this.progress = progress;
    }

    /** What the walk found. */
    record Result(long files, long bytes, long storedFiles, long storedBytes, long deleted, List<String> problems,
            List<String> warnings) {
    }

    Result run() throws IOException {
        source.walk(this);
        while (previous != null && previous.peek() != null) {
            recordDeleted(previous.next());
        }
        return new Result(files, bytes, storedFiles, storedBytes, deleted, List.copyOf(problems), List.copyOf(warnings));
    }

    @Override
    public void entry(TreeEntry e) throws IOException {
        ManifestEntry prev = previousFor(e.path());
        switch (e.type()) {
            case DIRECTORY -> metadataOnly(e, prev, ManifestEntry.DIR, null);
            case SYMLINK -> metadataOnly(e, prev, ManifestEntry.SYMLINK, e.linkTarget());
            case FILE -> file(e, prev);
        }
    }

    @Override
    public void failed(String path, IOException cause) {
        problems.add(path + ": " + describe(cause));
    }

    @Override
    public void skipped(String path, String reason) {
        warnings.add(path + ": skipped, " + reason);
    }

    /** Advances the previous manifest to {@code path}; entries passed on the way were deleted since. */
    private ManifestEntry previousFor(String path) throws IOException {
        if (previous == null) {
            return null;
        }
        while (true) {
            ManifestEntry p = previous.peek();
            if (p == null) {
                return null;
            }
            int c = PathOrder.INSTANCE.compare(p.path(), path);
            if (c > 0) {
                return null;
            }
            previous.next();
            if (c == 0) {
                return p.type().equals("deleted") ? null : p;
            }
            recordDeleted(p);
        }
    }

    private void recordDeleted(ManifestEntry p) throws IOException {
        if (p.type().equals("deleted")) {
            return; // deleted before the previous backup: nothing to record again
        }
        deleted++;
        manifest.write(new ManifestEntry(p.path(), "deleted", 0, null, null, 0, 0, 0, null, null, null, null, null,
                backupId, null));
    }

    private void metadataOnly(TreeEntry e, ManifestEntry prev, String type, String link) throws IOException {
        boolean same = prev != null && prev.type().equals(type) && sameMetadata(prev, e) && Objects.equals(prev.link(), link);
        String held = same && prev.held() != null ? prev.held() : backupId;
        if (held.equals(backupId)) {
            TarArchiveEntry te = type.equals(ManifestEntry.DIR)
                    ? new ExactTimeTarEntry(e.path() + "/", TarConstants.LF_DIR, e.mtime())
                    : new ExactTimeTarEntry(e.path(), TarConstants.LF_SYMLINK, e.mtime());
            if (link != null) {
                te.setLinkName(link);
            }
            header(te, e, 0);
            tar.putArchiveEntry(te);
            tar.closeArchiveEntry();
        }
        manifest.write(entry(e, type, 0, null, link, held, null));
    }

    private void file(TreeEntry e, ManifestEntry prev) throws IOException {
        files++;
        bytes += e.size();
        if (e.links() > 1 && e.inode() != null) {
            String[] first = hardLinks.get(e.inode());
            if (first != null) {
                hardLink(e, prev, first);
                return;
            }
        }
        if (prev != null && prev.isFile() && prev.sha256() != null && prev.error() == null && prev.size() == e.size()
                && sameMetadata(prev, e) && Objects.equals(prev.inode(), e.inode())) {
            manifest.write(entry(e, ManifestEntry.FILE, e.size(), prev.sha256(), null, prev.held(), null));
            rememberLink(e, prev.sha256(), prev.held());
            progress.advance(0, e.path());
            return;
        }
        InputStream in;
        try {
            in = source.open(e);
        } catch (IOException ex) {
            problems.add(e.path() + ": " + describe(ex));
            manifest.write(entry(e, ManifestEntry.FILE, e.size(), null, null, null, describe(ex)));
            return;
        }
        String sha;
        try (in) {
            sha = store(e, in);
        }
        manifest.write(entry(e, ManifestEntry.FILE, e.size(), sha, null, backupId, null));
        rememberLink(e, sha, backupId);
    }

    private void rememberLink(TreeEntry e, String sha, String held) {
        if (e.links() > 1 && e.inode() != null) {
            hardLinks.put(e.inode(), new String[] {e.path(), sha, held});
        }
    }

    private void hardLink(TreeEntry e, ManifestEntry prev, String[] first) throws IOException {
        String target = first[0];
        boolean same = prev != null && prev.type().equals(ManifestEntry.HARDLINK) && target.equals(prev.link())
                && Objects.equals(first[1], prev.sha256()) && sameMetadata(prev, e);
        String held = same && prev.held() != null ? prev.held() : backupId;
        if (held.equals(backupId)) {
            TarArchiveEntry te = new ExactTimeTarEntry(e.path(), TarConstants.LF_LINK, e.mtime());
            te.setLinkName(target);
            header(te, e, 0);
            tar.putArchiveEntry(te);
            tar.closeArchiveEntry();
        }
        manifest.write(entry(e, ManifestEntry.HARDLINK, e.size(), first[1], target, held, null));
    }

    /** Copies exactly the size the header announced; a file that shrank meanwhile is padded and flagged. */
    private String store(TreeEntry e, InputStream in) throws IOException {
        TarArchiveEntry te = new ExactTimeTarEntry(e.path(), TarConstants.LF_NORMAL, e.mtime());
        header(te, e, e.size());
        tar.putArchiveEntry(te);
        MessageDigest digest = Sha256.digest();
        long remaining = e.size();
        IOException shortBy = null; // what ended the file early: its end (it shrank) or a failure to read it
        while (remaining > 0) {
            int n;
            try {
                n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            } catch (IOException ex) {
                shortBy = ex;
                break;
            }
            if (n < 0) {
                shortBy = new EOFException("file shrank while being read");
                break;
            }
            digest.update(buffer, 0, n);
            // a failure to write is the archive's (a full disk, a target gone): it ends the backup with its own
            // message, never taken for the file's and padded over
            tar.write(buffer, 0, n);
            remaining -= n;
            progress.advance(n, e.path());
        }
        if (shortBy != null) {
            warnings.add(e.path() + ": " + describe(shortBy) + " after " + (e.size() - remaining) + " of " + e.size()
                    + " bytes; stored padded with zeros");
            Arrays.fill(buffer, (byte) 0);
            while (remaining > 0) {
                int n = (int) Math.min(buffer.length, remaining);
                digest.update(buffer, 0, n);
                tar.write(buffer, 0, n);
                remaining -= n;
            }
        }
        tar.closeArchiveEntry();
        storedFiles++;
        storedBytes += e.size();
        if (shortBy != null && !(shortBy instanceof EOFException)) {
            problems.add(e.path() + ": read failed: " + describe(shortBy));
        } else if (in.read() >= 0) {
            warnings.add(e.path() + ": changed while being read (grew); the first " + e.size() + " bytes were stored");
        } else {
            TreeEntry now = source.stat(e.path());
            if (now == null) {
                warnings.add(e.path() + ": deleted while being read");
            } else if (now.size() != e.size() || !now.mtime().equals(e.mtime()) || !Objects.equals(now.ctime(), e.ctime())) {
                warnings.add(e.path() + ": changed while being read");
            }
        }
        return Hex.encodeHexString(digest.digest());
    }

    private void header(TarArchiveEntry te, TreeEntry e, long size) {
        te.setSize(size);
        te.setMode(e.mode());
        te.setUserId(e.uid());
        te.setGroupId(e.gid());
        if (e.user() != null) {
            te.setUserName(e.user());
        }
        if (e.group() != null) {
            te.setGroupName(e.group());
        }
        te.setLastModifiedTime(FileTime.from(e.mtime()));
    }

    private static boolean sameMetadata(ManifestEntry prev, TreeEntry e) {
        return prev.mode() == e.mode() && prev.uid() == e.uid() && prev.gid() == e.gid()
                && Objects.equals(prev.mtime(), e.mtime()) && Objects.equals(prev.ctime(), e.ctime());
    }

    private static ManifestEntry entry(TreeEntry e, String type, long size, String sha, String link, String held,
            String error) {
        return new ManifestEntry(e.path(), type, size, e.mtime(), e.ctime(), e.mode(), e.uid(), e.gid(), e.user(),
                e.group(), e.inode(), sha, link, held, error);
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "vanished before it could be read";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
