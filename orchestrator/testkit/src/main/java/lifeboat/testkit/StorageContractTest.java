package lifeboat.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import lifeboat.spi.NoSuchObjectException;
import lifeboat.spi.ObjectInfo;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every storage plugin runs: extend it, and return a fresh, empty target from {@link #newStorage()}.
 */
public abstract class StorageContractTest {
    protected Storage storage;

    protected abstract Storage newStorage() throws Exception;

    @BeforeEach
    void openStorage() throws Exception {
        storage = newStorage();
    }

    @AfterEach
    void closeStorage() throws IOException {
        if (storage != null) {
            storage.close();
        }
    }

    protected void put(String key, byte[] data) throws IOException {
        try (PendingObject out = storage.create(key)) {
            out.write(data);
            out.commit();
        }
    }

    protected byte[] get(String key) throws IOException {
        try (InputStream in = storage.open(key)) {
            return in.readAllBytes();
        }
    }

    @Test
    void committedObject_readsBackExactly() throws IOException {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        put("backups/s/1/data.tar.zst", data);
        assertThat(get("backups/s/1/data.tar.zst")).isEqualTo(data);
        assertThat(storage.stat("backups/s/1/data.tar.zst")).get().extracting(ObjectInfo::size).isEqualTo((long) data.length);
    }

    @Test
    void uncommittedObject_isNeverVisible() throws IOException {
        try (PendingObject out = storage.create("a/b")) {
            out.write("partial".getBytes(UTF_8));
            assertThat(storage.stat("a/b")).isEmpty();
            assertThat(storage.list("a/")).isEmpty();
        }
        assertThat(storage.stat("a/b")).isEmpty();
        assertThatThrownBy(() -> storage.open("a/b")).isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void commitOverExistingKey_replacesIt() throws IOException {
        put("k", "old".getBytes(UTF_8));
        try (PendingObject out = storage.create("k")) {
            out.write("new".getBytes(UTF_8));
            assertThat(get("k")).isEqualTo("old".getBytes(UTF_8));
            out.commit();
        }
        assertThat(get("k")).isEqualTo("new".getBytes(UTF_8));
    }

    @Test
    void list_returnsCommittedObjectsUnderPrefixSorted() throws IOException {
        put("backups/b/2/x", new byte[1]);
        put("backups/a/1/y", new byte[2]);
        put("backups/a/1/x", new byte[3]);
        put("other", new byte[4]);
        assertThat(storage.list("backups/a/")).extracting(ObjectInfo::key).containsExactly("backups/a/1/x", "backups/a/1/y");
        assertThat(storage.list("backups/")).hasSize(3);
        assertThat(storage.list("nothing/")).isEmpty();
    }

    @Test
    void delete_isIdempotent() throws IOException {
        put("d/e", new byte[] {1});
        storage.delete("d/e");
        storage.delete("d/e");
        assertThat(storage.stat("d/e")).isEmpty();
    }

    @Test
    void missingObject_openThrowsNamingKeyAndTarget() {
        assertThatThrownBy(() -> storage.open("no/such"))
                .isInstanceOf(NoSuchObjectException.class)
                .hasMessageContaining("no/such")
                .hasMessageContaining(storage.name());
    }

    @Test
    void removeIncomplete_removesLeftoversUnderPrefixOnly() throws IOException {
        put("a/keep", new byte[] {1});
        PendingObject abandoned = storage.create("a/lost");
        abandoned.write(new byte[100]);
        abandonWithoutClose(abandoned);
        PendingObject other = storage.create("b/busy");
        other.write(new byte[10]);
        abandonWithoutClose(other);
        assertThat(storage.removeIncomplete("a/")).isEqualTo(1);
        assertThat(storage.list("")).extracting(ObjectInfo::key).containsExactly("a/keep");
        other.commit();
        assertThat(storage.list("b/")).extracting(ObjectInfo::key).containsExactly("b/busy");
    }

    /** Simulates a process killed mid-write: the pending object is left as it is. */
    protected void abandonWithoutClose(PendingObject pending) throws IOException {
        pending.flush();
    }

    @Test
    void invalidKeys_areRefused() {
        for (String bad : new String[] {"../x", "/abs", "a/../b", "a//b", ""}) {
            assertThatThrownBy(() -> storage.create(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
