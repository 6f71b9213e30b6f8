package lifeboat.core.repo;

/**
 * Object keys of a repository on any storage target. The layout describes itself, so a catalog can be rebuilt
 * from it and a backup restored by hand:
 *
 * <pre>
 * lifeboat-repo.json
 * backups/&lt;source&gt;/&lt;backup-id&gt;/backup.json          written last: its presence marks the backup durable
 * backups/&lt;source&gt;/&lt;backup-id&gt;/data.tar.zst         files: POSIX tar, zstd
 * backups/&lt;source&gt;/&lt;backup-id&gt;/&lt;part&gt;.zst           databases: the dump tool's own format, zstd
 * backups/&lt;source&gt;/&lt;backup-id&gt;/manifest.jsonl.zst   one JSON line per path
 * backups/&lt;source&gt;/&lt;backup-id&gt;/SHA256SUMS           for sha256sum -c
 * </pre>
 */
public final class RepositoryLayout {
    public static final String REPO_FILE = "lifeboat-repo.json";
    public static final String METADATA = "backup.json";
    public static final String DATA = "data.tar.zst";
    public static final String MANIFEST = "manifest.jsonl.zst";
    public static final String SUMS = "SHA256SUMS";

    private RepositoryLayout() {
    }

    public static String backupPrefix(String source, String backupId) {
        return "backups/" + source + "/" + backupId + "/";
    }

    public static String key(String source, String backupId, String file) {
        return backupPrefix(source, backupId) + file;
    }

    public static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
