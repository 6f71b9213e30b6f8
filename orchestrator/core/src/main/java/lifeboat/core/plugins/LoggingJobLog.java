package lifeboat.core.plugins;

import java.util.List;
import lifeboat.spi.JobLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A plugin's job log written to Lifeboat's log under the source's name; warnings are also kept, when asked. */
public final class LoggingJobLog implements JobLog {
    private static final Logger LOG = LoggerFactory.getLogger("lifeboat.job");
    private final String source;
    private final List<String> warnings;

    /** @param warnings where warnings are also collected (for a backup's result), or null */
    public LoggingJobLog(String source, List<String> warnings) {
        this.source = source;
        this.warnings = warnings;
    }

    @Override
    public void info(String message) {
        LOG.info(line(source, message));
    }

    @Override
    public void warn(String message) {
        LOG.warn(line(source, message));
        if (warnings != null) {
            warnings.add(message);
        }
    }

    /** Plugins often name the source themselves ("sis: restored ..."): say it once. */
    static String line(String source, String message) {
        String prefix = source + ": ";
        return message.startsWith(prefix) ? message : prefix + message;
    }
}
