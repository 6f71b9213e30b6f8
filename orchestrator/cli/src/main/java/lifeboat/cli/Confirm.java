package lifeboat.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Asks the operator before a command overwrites something, unless {@code --yes} was given. */
final class Confirm {
    private Confirm() {
    }

    /**
     * True when {@code yes} or the operator typed yes; false (with the reason on stderr) otherwise.
     *
     * @param command the command's name, for the message when there is no terminal to ask
     */
    static boolean ask(boolean yes, String question, String command) throws IOException {
        if (yes) {
            return true;
        }
        if (System.console() == null) {
            System.err.println("error: " + command + " overwrites its targets and asks first, but there is no"
                    + " terminal to ask; run it with --yes to confirm, or --dry-run to only see the plan");
            return false;
        }
        System.err.print(question + " Type 'yes' to go on: ");
        System.err.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (answer == null || !answer.trim().equalsIgnoreCase("yes")) {
            System.err.println("error: not confirmed; nothing was restored");
            return false;
        }
        return true;
    }
}
