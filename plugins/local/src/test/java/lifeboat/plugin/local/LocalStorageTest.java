package lifeboat.plugin.local;

import java.nio.file.Path;
import lifeboat.spi.Storage;
import lifeboat.testkit.StorageContractTest;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageTest extends StorageContractTest {
    @TempDir
    Path dir;

    @Override
    protected Storage newStorage() {
        return new LocalStorage("local", dir.resolve("repo"));
    }
}
