package lifeboat.core.verify;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
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

    /** The running totals of one source on one target. */
    private static final class Tally {
        final String source;
        final String storage;
        long objects;
        long bytes;
        long verifiedBytes;
        long neverVerified;
        ObjectRecord oldest;

        Tally(String source, String storage) {
            this.source = source;
            this.storage = storage;
        }

        void add(ObjectRecord o, Instant since) {
            objects++;
            bytes += o.size();
            if (o.lastVerifiedAt() == null) {
                neverVerified++;
            } else if (!o.lastVerifiedAt().isBefore(since)) {
                verifiedBytes += o.size();
            }
            if (oldest == null || (oldest.lastVerifiedAt() != null
                    && (o.lastVerifiedAt() == null || o.lastVerifiedAt().isBefore(oldest.lastVerifiedAt())))) {
                oldest = o;
            }
        }

        Item item() {
            double share = bytes == 0 ? 100.0 : Math.round(verifiedBytes * 1000.0 / bytes) / 10.0;
            return new Item(source, storage, objects, bytes, verifiedBytes, share, neverVerified,
                    oldest == null ? null : oldest.lastVerifiedAt(), oldest == null ? null : oldest.key());
        }
    }

    static List<Item> report(BackupStore backups, Duration period, Instant now) throws SQLException {
        Instant since = now.minus(period);
        Map<String, String> sourceOf = new HashMap<>();
        for (BackupRecord b : backups.backups(null)) {
            sourceOf.put(b.id(), b.source());
        }
        Map<String, Tally> tallies = new TreeMap<>();
        for (ObjectRecord o : backups.objectsByLastVerified()) {
            String source = sourceOf.get(o.backupId());
            tallies.computeIfAbsent(source + "\n" + o.storage(), k -> new Tally(source, o.storage())).add(o, since);
        }
        List<Item> out = new ArrayList<>();
        tallies.values().forEach(t -> out.add(t.item()));
        return out;
    }
}
