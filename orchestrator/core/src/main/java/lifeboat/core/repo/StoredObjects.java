package lifeboat.core.repo;

import java.util.List;
import java.util.function.Function;

/** Names of a backup's objects whatever their form: encrypted ({@code .age}) or not; {@link ReadChain} reads them. */
public final class StoredObjects {
    private StoredObjects() {
    }

    /** The stored name of a logical object name: {@code data.tar.zst} or {@code data.tar.zst.age}. */
    public static String stored(String name, Encryption encryption) {
        return encryption == null ? name : name + Encryption.SUFFIX;
    }

    /** Finds a logical object (plain or encrypted) among a backup's objects, or null. */
    public static <T> T find(List<T> objects, Function<T, String> keyOf, String name) {
        for (T o : objects) {
            String file = RepositoryLayout.fileName(keyOf.apply(o));
            if (file.equals(name) || file.equals(name + Encryption.SUFFIX)) {
                return o;
            }
        }
        return null;
    }

    public static boolean encrypted(String key) {
        return key.endsWith(Encryption.SUFFIX);
    }
}
