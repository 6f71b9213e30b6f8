package lifeboat.plugin.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Storage;
import lifeboat.testkit.StorageContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageTest extends StorageContractTest {
    @TempDir
    Path dir;

    @Override
    protected Storage newStorage() {
        return new LocalStorage("local", dir.resolve("repo"));
    }

    @Test
    void removeIncomplete_leavesNoEmptyDirectoryBehind() throws IOException {
        put("backups/s/keep/data", new byte[] {1});
        PendingObject abandoned = storage.create("backups/s/killed/data.tar.zst");
        abandoned.write(new byte[100]);
        abandoned.flush(); // a process killed mid-write: never closed
        assertThat(dir.resolve("repo/backups/s/killed")).isDirectory();

        assertThat(storage.removeIncomplete("backups/s/killed/")).isEqualTo(1);

        assertThat(dir.resolve("repo/backups/s/killed")).doesNotExist();
        assertThat(dir.resolve("repo/backups/s/keep/data")).exists();
    }
}
