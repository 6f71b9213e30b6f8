package lifeboat.core.backup;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLTransientException;
import java.util.regex.Pattern;
import lifeboat.core.config.ConfigException;

/**
 * Tells transient failures, worth a retry (network, timeouts), from permanent ones that a retry only repeats
 * (bad configuration, authentication or permission refused, a missing path: a share directory that does not exist
 * stays missing until someone mounts or creates it, so it is reported at once).
 */
public final class Failures {
    private static final Pattern PERMANENT_MESSAGE = Pattern.compile(
            "(?i).*(auth|password|permission denied|access denied|forbidden|not authorized|unauthorized"
                    + "|no such|not found|invalid|does not exist|is not a directory|cannot be read by).*", Pattern.DOTALL);

    private Failures() {
    }

    public static boolean isTransient(Throwable t) {
        boolean io = false;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConfigException || c instanceof IllegalArgumentException || c instanceof IllegalStateException
                    || c instanceof AccessDeniedException || c instanceof NoSuchFileException) {
                return false;
            }
            if (c.getMessage() != null && PERMANENT_MESSAGE.matcher(c.getMessage()).matches()) {
                return false;
            }
            io |= c instanceof IOException || c instanceof SQLTransientException;
        }
        return io;
    }
}
