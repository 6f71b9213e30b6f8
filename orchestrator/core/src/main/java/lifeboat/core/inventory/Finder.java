package lifeboat.core.inventory;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.model.BackupKind;
import lifeboat.core.repo.ManifestEntry;
import lifeboat.core.repo.ManifestReader;

/**
 * Which backups hold a path, as {@code restic find} answers it: a glob matched against each path of every usable
 * file backup's manifest and against its file name. Manifests are streamed one entry at a time, so memory stays
 * bounded whatever the size of the shares; matches go to the caller as they are found.
 */
public final class Finder {
    private static final String DELETED = "deleted";

    private final Inventory inventory;

    public Finder(Inventory inventory) {
        this.inventory = inventory;
    }

    /** One path of one backup that matched. */
    public record Match(String backup, String source, Instant backupStartedAt, List<String> copies, String path,
            String type, long size, Instant mtime, String link) {
    }

    /** What was searched; a backup whose manifest could not be read is a problem, the others are still searched. */
    public record Summary(int backupsSearched, long matches, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Searches the backups of {@code source} (all sources when null), oldest first. */
    public Summary find(String pattern, String source, Consumer<Match> out) throws SQLException {
        PathMatcher glob = matcher(pattern);
        int searched = 0;
        long matches = 0;
        List<String> problems = new ArrayList<>();
        for (BackupRecord b : inventory.backups(source)) {
            if (b.kind() != BackupKind.FILES || !b.status().usable()) {
                continue;
            }
            Inventory.Details d = inventory.details(b.id());
            List<String> copies = d.copies().stream().filter(CopyRecord::complete).map(CopyRecord::storage).toList();
            if (copies.isEmpty()) {
                continue;
            }
            searched++;
            try (ManifestReader r = inventory.manifest(d)) {
                for (ManifestEntry e = r.next(); e != null; e = r.next()) {
                    if (!e.type().equals(DELETED) && matches(glob, e.path())) {
                        matches++;
                        out.accept(new Match(b.id(), b.source(), b.startedAt(), copies, e.path(), e.type(), e.size(),
                                e.mtime(), e.link()));
                    }
                }
            } catch (IOException e) {
                problems.add("backup " + b.id() + " of " + b.source() + ": cannot read its manifest: " + e.getMessage());
            }
        }
        return new Summary(searched, matches, problems);
    }

    private static PathMatcher matcher(String pattern) {
        String p = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        if (p.isEmpty()) {
            throw new IllegalArgumentException("give a pattern such as '*.docx' or 'staff/**/noten*'");
        }
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + pattern + "' is not a valid glob: " + e.getMessage());
        }
    }

    /** The whole path, or only the file name, as a pattern without a slash is meant. */
    private static boolean matches(PathMatcher glob, String path) {
        Path p = Path.of(path);
        Path name = p.getFileName();
        return glob.matches(p) || (name != null && glob.matches(name));
    }
}
