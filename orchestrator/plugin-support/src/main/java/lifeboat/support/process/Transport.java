package lifeboat.support.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a {@link ToolRun} starts its tool: a child process here, or an exec channel on an SSH host. A transport
 * only starts, waits, kills and says how the tool ended; streaming, logging and error messages are
 * {@link ToolRun}'s, so they are alike on both.
 */
interface Transport {
    /** Starts the tool; the message of the exception names it ({@link Spec#description()}). */
    Running start(Spec spec) throws IOException;

    /** What to run. Secrets are only for masking; {@code stdin} false means the tool reads end of file. */
    record Spec(String description, List<String> command, Map<String, String> environment,
            Set<String> removedEnvironment, List<String> secrets, boolean stdin) {
        String program() {
            return command.get(0);
        }

        String mask(String text) {
            String masked = String.valueOf(text);
            for (String s : secrets) {
                masked = masked.replace(s, "***");
            }
            return masked;
        }
    }

    /** A started tool. */
    interface Running {
        /** "process" or "remote process", for messages. */
        String kind();

        InputStream stdout();

        InputStream stderr();

        /** The tool's stdin; only called when {@link Spec#stdin()} is true. */
        OutputStream stdin();

        /**
         * Waits until the tool ended (or its connection dropped).
         *
         * @param timeout null for no limit
         * @return false when the timeout passed first
         */
        boolean waitFor(Duration timeout) throws InterruptedException;

        boolean alive();

        /** Ends the tool (and what it started) at once; safe to call more than once and from any thread. */
        void kill();

        /**
         * Called once, after the tool ended and the pumps finished; releases the transport's resources.
         *
         * @return null when the tool exited with 0, else how it ended, e.g. "failed with exit code 3"
         */
        String finish();
    }

    /** The words for an exit status that is not 0; shells report death by signal N as 128 + N. */
    static String exitText(int exit) {
        return exit > 128 && exit < 160 ? "was killed by signal " + (exit - 128) : "failed with exit code " + exit;
    }
}
