package lifeboat.core.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lifeboat.core.repo.ManifestEntry;

/**
 * Sets owner, mode and nanosecond mtime as the manifest recorded them. Owners only when running as root, as tar
 * does. Order matters: chown clears setuid and setgid bits, so the mode comes after it.
 */
final class MetadataSetter {
    private final boolean root;

    MetadataSetter() {
        boolean r;
        try {
            r = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            r = false;
        }
        this.root = r;
    }

    /**
     * For a file or directory this restore created itself and checked is not a symlink: the mode is set by path
     * (one chmod) instead of through a no-follow open, which saves a file open per entry.
     */
    void applyToCreated(Path p, ManifestEntry e) throws IOException {
        if (root) {
            Files.setAttribute(p, "unix:uid", e.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", e.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        Files.setAttribute(p, "unix:mode", e.mode());
        if (e.mtime() != null) {
            Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(FileTime.from(e.mtime()), null, null);
        }
    }

    void apply(Path p, ManifestEntry e) throws IOException {
        boolean link = e.type().equals(ManifestEntry.SYMLINK);
        if (root) {
            Files.setAttribute(p, "unix:uid", e.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", e.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        if (!link) {
            Files.setAttribute(p, "unix:mode", e.mode(), LinkOption.NOFOLLOW_LINKS);
        }
        if (e.mtime() != null) {
            if (link && e.mtime().getNano() % 1000 != 0) {
                symlinkTimeNanos(p, e);
            } else {
                Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(FileTime.from(e.mtime()), null, null);
            }
        }
    }

    /** The JDK sets a symlink's time with lutimes (microseconds); GNU touch uses utimensat and keeps nanoseconds. */
    private static void symlinkTimeNanos(Path p, ManifestEntry e) throws IOException {
        String stamp = "@" + e.mtime().getEpochSecond() + "." + String.format("%09d", e.mtime().getNano());
        Process proc = new ProcessBuilder(List.of("touch", "-h", "-m", "-d", stamp, "--", p.toString()))
                .redirectErrorStream(true).start();
        try {
            proc.getInputStream().readAllBytes();
            if (!proc.waitFor(30, TimeUnit.SECONDS) || proc.exitValue() != 0) {
                Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(FileTime.from(e.mtime()), null, null);
            }
        } catch (InterruptedException ie) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the time of " + p, ie);
        }
    }
}
