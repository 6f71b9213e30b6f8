package lifeboat.core.restore;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import lifeboat.core.repo.ManifestEntry;
import lifeboat.core.repo.ManifestReader;
import lifeboat.core.repo.PathOrder;

/**
 * Makes a restored directory hold only what the backup holds ({@code restore --delete}): what is below the target
 * and not in the manifest (or recorded there as deleted) is removed. The target is walked in {@link PathOrder}
 * and merged with the manifest, which is in the same order, so memory stays bounded by one directory's listing.
 * Symlinks are removed as links, never followed, and nothing outside the target is touched.
 */
final class Mirror {
    /** What was (or, in a dry run, would be) removed. */
    record Removed(long files, long dirs) {
        long total() {
            return files + dirs;
        }
    }

    /** Sets a kept directory's recorded metadata again once something inside it was removed (its mtime moved). */
    interface Touched {
        void again(Path dir, ManifestEntry entry) throws IOException;
    }

    private final Path root;
    private final ManifestReader manifest;
    private final Touched touched;
    private final Predicate<String> selected;
    private final boolean dryRun;
    private ManifestEntry current;
    private long files;
    private long dirs;

    private Mirror(Path root, ManifestReader manifest, Predicate<String> selected, boolean dryRun, Touched touched) {
        this.root = root;
        this.touched = touched;
        this.manifest = manifest;
        this.selected = selected;
        this.dryRun = dryRun;
    }

    /**
     * @param selected paths a restore with {@code --path} covered; others are left alone
     * @param dryRun only count
     */
    static Removed prune(Path root, ManifestReader manifest, Predicate<String> selected, boolean dryRun,
            Touched touched) throws IOException {
        Mirror m = new Mirror(root, manifest, selected, dryRun, touched);
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            m.current = manifest.next();
            m.walk(root, "", null);
        }
        return new Removed(m.files, m.dirs);
    }

    /** @param entry the directory's manifest entry, null when the backup does not have it */
    private void walk(Path dir, String rel, ManifestEntry entry) throws IOException {
        boolean removedHere = false;
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(PathOrder.INSTANCE);
        for (String name : names) {
            String path = rel.isEmpty() ? name : rel + "/" + name;
            Path p = dir.resolve(name);
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            while (current != null && PathOrder.INSTANCE.compare(current.path(), path) < 0) {
                current = manifest.next();
            }
            boolean kept = current != null && current.path().equals(path) && !current.type().equals("deleted");
            if (kept) {
                if (a.isDirectory() && current.type().equals(ManifestEntry.DIR)) {
                    walk(p, path, current);
                }
            } else if (selected.test(path)) {
                remove(p, a);
                removedHere = true;
            } else if (a.isDirectory()) {
                walk(p, path, null);
            }
        }
        if (removedHere && entry != null && !dryRun) {
            touched.again(dir, entry);
        }
    }

    private void remove(Path p, BasicFileAttributes a) throws IOException {
        if (!p.normalize().startsWith(root) || p.normalize().equals(root)) {
            throw new IOException("refused to remove " + p + ": it is not below the restore target " + root);
        }
        if (!a.isDirectory()) {
            files++;
            if (!dryRun) {
                Files.delete(p);
            }
            return;
        }
        // walkFileTree without FOLLOW_LINKS reports a symlink as a file and never enters it
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                files++;
                if (!dryRun) {
                    Files.delete(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                dirs++;
                if (!dryRun) {
                    Files.delete(d);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
