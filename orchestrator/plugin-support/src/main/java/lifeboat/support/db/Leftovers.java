package lifeboat.support.db;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Files a killed process left in {@code dataDir/tmp}. Password files an older Lifeboat wrote to {@code dataDir/tmp} for the client programs; a killed process never
 * deleted them. The programs get their passwords through their environment now, so any such file is a leftover.
 */
public final class Leftovers {
    private Leftovers() {
    }

    /** Deletes the files in {@code tmpDir} matching {@code glob}; a missing directory has none. */
    public static void removeSecrets(Path tmpDir, String glob) throws IOException {
        if (!Files.isDirectory(tmpDir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir, glob)) {
            for (Path f : files) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * Deletes the files in {@code tmpDir} named {@code PREFIX<pid>-...SUFFIX} whose process is no longer running
     * (a running restore's files are left alone); a missing directory has none.
     *
     * @return the files deleted
     */
    public static List<Path> removeOrphans(Path tmpDir, String prefix, String suffix) throws IOException {
        var deleted = new ArrayList<Path>();
        if (!Files.isDirectory(tmpDir)) {
            return deleted;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir, prefix + "*" + suffix)) {
            for (Path f : files) {
                String rest = f.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash < 0 ? "" : rest.substring(0, dash));
                } catch (NumberFormatException notOurs) {
                    continue;
                }
                boolean running = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!running && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(f)) {
                    deleted.add(f);
                }
            }
        }
        return deleted;
    }
}
