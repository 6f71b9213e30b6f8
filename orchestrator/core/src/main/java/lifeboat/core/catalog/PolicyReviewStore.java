package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;
import static lifeboat.core.catalog.Database.truncate;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The reviews of the crash policy (its "Policy Review Cycle"), as recorded by {@code lifeboat policy review}. */
public final class PolicyReviewStore {
    private final Database db;

    public PolicyReviewStore(Database db) {
        this.db = db;
    }

    /** One recorded review. */
    public record Review(Instant at, String reviewedBy, String notes) {
    }

    public void record(Instant at, String reviewedBy, String notes) throws SQLException {
        db.update("insert into policy_reviews (at, reviewed_by, notes) values (?, ?, ?)", at, truncate(reviewedBy, 200),
                truncate(notes));
    }

    public Optional<Review> latest() throws SQLException {
        return db.first("select at, reviewed_by, notes from policy_reviews order by at desc, id desc"
                + " fetch first 1 rows only", rs -> new Review(instant(rs, 1), rs.getString(2), rs.getString(3)));
    }
}
