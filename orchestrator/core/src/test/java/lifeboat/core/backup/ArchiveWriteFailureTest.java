package lifeboat.core.backup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import lifeboat.core.model.Progress;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.core.repo.ManifestWriter;
import lifeboat.spi.Settings;
import lifeboat.spi.TreeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure to write the archive (a full disk) ends the backup with that failure: it is not taken for a failure to
 * read the file being stored, padded over with zeros, and then reported as whatever the broken stream says next.
 */
class ArchiveWriteFailureTest {
    @TempDir
    Path dir;

    @Test
    void theArchivesWriteFailure_endsTheBackup_withItsOwnMessage() throws Exception {
        Path share = Files.createDirectories(dir.resolve("share"));
        byte[] video = new byte[300_000];
        new Random(1).nextBytes(video);
        Files.write(share.resolve("video.mp4"), video);
        TreeSource source = (TreeSource) PluginRegistry.load().source("files").orElseThrow()
                .create(new Settings("share", "files", Map.of("path", share)), () -> dir);
        OutputStream disk = new OutputStream() {
            private long written;
            private boolean broken;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (broken) {
                    throw new ClosedChannelException(); // as commons-compress's block stream does after a failure
                }
                if (written + len > 64 * 1024) {
                    broken = true;
                    throw new IOException("storage target 'local': cannot write data.tar.zst: No space left on device");
                }
                written += len;
            }
        };
        try (ManifestWriter manifest = new ManifestWriter(new ByteArrayOutputStream())) {
            TreeArchiver archiver = new TreeArchiver(source, "20261130T000000Z-0001", null,
                    BackupService.tarStream(disk), manifest, Progress.NONE);
            assertThatThrownBy(archiver::run).isInstanceOf(IOException.class)
                    .hasMessageContaining("storage target 'local'").hasMessageContaining("No space left on device");
        }
    }
}
