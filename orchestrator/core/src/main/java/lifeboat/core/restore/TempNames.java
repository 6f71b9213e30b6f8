package lifeboat.core.restore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The names a restore writes a file under until its SHA-256 matched: {@code .NAME.lifeboat-tmp-XXXXXXXX} beside it
 * (in the same directory, so the rename is atomic), or {@code .lifeboat-tmp-XXXXXXXXXXXXXXXX} when the name is too
 * long for that. A killed restore leaves such files behind; the next restore into the same target removes them.
 */
final class TempNames {
    private static final String MARK = ".lifeboat-tmp-";
    private static final Pattern TEMP = Pattern.compile("^(\\..+\\.lifeboat-tmp-[0-9a-f]{8}|\\.lifeboat-tmp-[0-9a-f]{16})$");
    /** Linux and the usual file systems allow 255 bytes in a name. */
    private static final int NAME_MAX = 255;

    private TempNames() {
    }

    /** A fresh temporary name beside {@code file}. */
    static Path beside(Path file) {
        String name = file.getFileName().toString();
        String candidate = "." + name + MARK + hex(4);
        if (candidate.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
            candidate = MARK + hex(8);
        }
        return file.resolveSibling(candidate);
    }

    static boolean isTemp(String name) {
        return name.contains(MARK) && TEMP.matcher(name).matches();
    }

    /**
     * Removes the temporary files a killed restore left below {@code root}; returns how many. Symlinks are not
     * followed, and only regular files with a temporary name are touched.
     */
    static int sweep(Path root) throws IOException {
        int[] removed = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && isTemp(file.getFileName().toString())) {
                    try {
                        Files.delete(file);
                        removed[0]++;
                    } catch (NoSuchFileException e) {
                        // gone meanwhile: nothing to clean
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // an unreadable corner of the target is the restore's to report
            }
        });
        return removed[0];
    }

    /** Not secret: the file is created with CREATE_NEW and NOFOLLOW, so a name taken meanwhile fails, never follows. */
    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
