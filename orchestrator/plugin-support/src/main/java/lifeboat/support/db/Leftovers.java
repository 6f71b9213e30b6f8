package lifeboat.support.db;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Password files an older Lifeboat wrote to {@code dataDir/tmp} for the client programs; a killed process never
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
}
