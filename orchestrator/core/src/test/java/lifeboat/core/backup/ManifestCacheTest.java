package lifeboat.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs writing a source's manifest copy at once (a daemon job and a backup by hand) never spoil each other's. */
class ManifestCacheTest {
    @TempDir
    Path dir;

    @Test
    void aCommit_leavesAnotherRunsTemporaryFileAlone() throws Exception {
        ManifestCache first = new ManifestCache(dir, "share");
        ManifestCache second = new ManifestCache(dir, "share");
        try (ManifestCache.Pending a = first.start("20261129T010000Z-aaaa");
                ManifestCache.Pending b = second.start("20261129T010001Z-bbbb")) {
            a.stream().write("a".getBytes(StandardCharsets.UTF_8));
            b.stream().write("b".getBytes(StandardCharsets.UTF_8));
            a.commit(); // used to delete every other file of the directory, b's temporary file included
            b.commit();
        }
        try (InputStream in = first.open("20261129T010001Z-bbbb")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("b");
        }
        assertThat(first.open("20261129T010000Z-aaaa")).as("only the newest is kept").isNull();
    }
}
