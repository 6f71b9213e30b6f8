package lifeboat.core.repo;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import lifeboat.spi.Storage;

/** Reads a backup's objects whatever their form: encrypted ({@code .age}) or not, compressed or not. */
public final class StoredObjects {
    private StoredObjects() {
    }

    /** The stored name of a logical object name: {@code data.tar.zst} or {@code data.tar.zst.age}. */
    public static String stored(String name, Encryption encryption) {
        return encryption == null ? name : name + Encryption.SUFFIX;
    }

    /** Finds the stored key of a logical object among a backup's keys (plain or encrypted). */
    public static String find(List<String> keys, String name) {
        for (String k : keys) {
            String file = RepositoryLayout.fileName(k);
            if (file.equals(name) || file.equals(name + Encryption.SUFFIX)) {
                return k;
            }
        }
        return null;
    }

    public static boolean encrypted(String key) {
        return key.endsWith(Encryption.SUFFIX);
    }

    /** The object's bytes as they were before encryption (still compressed). */
    public static InputStream open(Storage storage, String key, String identity) throws IOException {
        InputStream in = storage.open(key);
        return encrypted(key) ? Encryption.decrypt(in, identity, key + " on " + storage.name()) : in;
    }

    /** The object's content: decrypted and decompressed. */
    public static InputStream content(Storage storage, String key, String identity) throws IOException {
        return Zstd.decompress(open(storage, key, identity));
    }
}
