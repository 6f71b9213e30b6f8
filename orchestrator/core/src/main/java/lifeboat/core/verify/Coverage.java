package lifeboat.core.verify;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.Catalog;
import lifeboat.core.catalog.ObjectRecord;

/** How much of what is stored has been re-read recently, per source and target; the {@code coverage} report. */
public final class Coverage {
    private Coverage() {
    }

    /**
     * One source's objects on one target.
     *
     * @param sharePercent bytes re-read within the period, as a percentage of the bytes stored
     * @param oldestVerifiedAt the least recent verification among its objects; null when some were never verified
     */
    public record Item(String source, String storage, long objects, long bytes, long verifiedBytes, double sharePercent,
            long neverVerified, Instant oldestVerifiedAt, String oldestObject) {
    }

    public static List<Item> report(Catalog catalog, Duration period, Instant now) throws SQLException {
        Instant since = now.minus(period);
        Map<String, long[]> sums = new TreeMap<>();
        Map<String, ObjectRecord> oldest = new TreeMap<>();
        Map<String, String> sourceOf = new java.util.HashMap<>();
        for (BackupRecord b : catalog.backups(null)) {
            sourceOf.put(b.id(), b.source());
        }
        for (ObjectRecord o : catalog.objectsByLastVerified()) {
            String key = sourceOf.get(o.backupId()) + "\n" + o.storage();
            long[] s = sums.computeIfAbsent(key, k -> new long[4]);
            s[0]++;
            s[1] += o.size();
            if (o.lastVerifiedAt() != null && !o.lastVerifiedAt().isBefore(since)) {
                s[2] += o.size();
            }
            if (o.lastVerifiedAt() == null) {
                s[3]++;
            }
            ObjectRecord old = oldest.get(key);
            if (old == null || (old.lastVerifiedAt() != null
                    && (o.lastVerifiedAt() == null || o.lastVerifiedAt().isBefore(old.lastVerifiedAt())))) {
                oldest.put(key, o);
            }
        }
        List<Item> out = new ArrayList<>();
        for (var e : sums.entrySet()) {
            String[] k = e.getKey().split("\n", 2);
            long[] s = e.getValue();
            ObjectRecord old = oldest.get(e.getKey());
            out.add(new Item(k[0], k[1], s[0], s[1], s[2], s[1] == 0 ? 100.0 : Math.round(s[2] * 1000.0 / s[1]) / 10.0,
                    s[3], old == null ? null : old.lastVerifiedAt(), old == null ? null : old.key()));
        }
        return out;
    }
}
