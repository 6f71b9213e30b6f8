package lifeboat.core.verify;

/**
 * Something a verification found wrong. Names the backup, the target, the object and (for file content) the path.
 *
 * @param kind {@code missing-object}, {@code size-mismatch}, {@code hash-mismatch}, {@code unreadable},
 *     {@code file-hash-mismatch}, {@code file-missing}, {@code sums-mismatch}
 */
public record Finding(String kind, String backup, String storage, String object, String path, String message) {
    @Override
    public String toString() {
        return backup + " on " + storage + ": " + object + (path == null ? "" : " (" + path + ")") + ": " + message;
    }
}
