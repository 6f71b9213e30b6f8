package lifeboat.core.catalog;

import java.sql.SQLException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The errors an H2 file catalog in auto-server mode gives while it passes from one Lifeboat process to another, and
 * how long to wait for the handover to end. Measured with two CLI processes at once: about one pair in ten hit one.
 */
final class Handover {
    /**
     * 90067 connection broken (the serving process went away), 90121 database already closed and 90098 database
     * has been closed (it was closing under this statement), 90020 locked by another process (the leaving process
     * still holds the file lock), 90007 object already closed (a statement of a connection the handover closed).
     */
    private static final Set<Integer> CODES = Set.of(90067, 90121, 90098, 90020, 90007);
    /**
     * 8000 error opening the database, a handover only when it lost a race for the lock file: "Lock file recently
     * modified", "Another process was faster" or "Concurrent update" (the last two each seen once in 97 processes of
     * the concurrency matrix).
     */
    private static final int ERROR_OPENING = 8000;
    private static final Pattern LOCK_RACE =
            Pattern.compile("Lock file recently modified|Another process was faster|Concurrent update");
    /** Attempts, 100 ms more apart each time: about twenty seconds in all. */
    static final int ATTEMPTS = 20;

    private Handover() {
    }

    static boolean isHandover(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException e && (CODES.contains(e.getErrorCode()) || e.getErrorCode() == ERROR_OPENING
                    && LOCK_RACE.matcher(String.valueOf(e.getMessage())).find())) {
                return true;
            }
        }
        return false;
    }

    /** Waits before attempt {@code attempt + 1}; false when there is none left or the thread was interrupted. */
    static boolean pause(int attempt) {
        if (attempt >= ATTEMPTS) {
            return false;
        }
        try {
            Thread.sleep(Math.min(100L * attempt, 1500L)); // the other process needs this long to let go
            return true;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code e} as it is, or, for a handover that did not end, an error that names the catalog and says so. */
    static SQLException explained(Exception e, String url, int attempts) throws SQLException {
        if (!isHandover(e)) {
            if (e instanceof SQLException s) {
                return s;
            }
            throw (RuntimeException) e;
        }
        return new SQLException("the catalog " + file(url) + " stayed busy: another Lifeboat process was handing it"
                + " over and did not let go after " + attempts + " attempts; try again, or see which lifeboat"
                + " processes run (H2 error " + code(e) + ")", "08000", e);
    }

    private static int code(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException s && s.getErrorCode() != 0) {
                return s.getErrorCode();
            }
        }
        return 0;
    }

    /** The catalog's file for an H2 URL, else the URL with credentials masked. */
    static String file(String url) {
        for (String prefix : new String[] {Database.H2_FILE, Database.H2_RETRYING_FILE}) {
            if (url.startsWith(prefix)) {
                int semi = url.indexOf(';');
                return url.substring(prefix.length(), semi < 0 ? url.length() : semi) + ".mv.db";
            }
        }
        return masked(url);
    }

    static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }
}
