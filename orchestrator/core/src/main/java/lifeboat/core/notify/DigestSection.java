package lifeboat.core.notify;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * A part of the daily digest that another service owns (the crash policy's review date and overdue preventive
 * measures), so the digest can carry it without knowing that service.
 */
public interface DigestSection {
    /** The section for the period ending {@code to}, or null to leave it out. */
    Part build(Instant to) throws SQLException;

    /** Called once the digest for the period ending {@code to} went out: a section may send reminders of its own. */
    default void digestSent(Instant to) {
    }

    /**
     * @param title the section's heading
     * @param lines its lines
     * @param attention what goes on the digest's "needs attention" list
     */
    record Part(String title, List<String> lines, List<String> attention) {
        public Part {
            lines = List.copyOf(lines);
            attention = List.copyOf(attention);
        }
    }
}
