package lifeboat.core.restore;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import lifeboat.core.catalog.Catalog;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.VerificationRecord;

/** The copies of a backup in the order a restore tries them. */
final class Copies {
    private Copies() {
    }

    /**
     * The complete copies in catalog order, except that a copy whose newest verification failed goes last: with an
     * intact copy elsewhere (offsite) the restore reads that one instead of failing on the corrupt one.
     */
    static List<CopyRecord> inRestoreOrder(Catalog catalog, String backupId) throws SQLException {
        List<VerificationRecord> verifications = catalog.verifications(backupId);
        List<CopyRecord> good = new ArrayList<>();
        List<CopyRecord> bad = new ArrayList<>();
        for (CopyRecord c : catalog.copies(backupId)) {
            if (!c.status().equals("complete")) {
                continue;
            }
            boolean corrupt = verifications.stream().filter(v -> v.storage().equals(c.storage()))
                    .max(Comparator.comparing(VerificationRecord::finishedAt))
                    .map(v -> !v.status().equals("ok")).orElse(false);
            (corrupt ? bad : good).add(c);
        }
        good.addAll(bad);
        return good;
    }
}
