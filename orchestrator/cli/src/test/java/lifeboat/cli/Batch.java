package lifeboat.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Several CLI commands in one JVM, one after the other, separated by {@code --next--}: a campaign round that needs
 * its own environment (secrets in {@code ${env:}}) pays for one JVM start instead of one per command.
 */
public final class Batch {
    static final String NEXT = "--next--";

    private Batch() {
    }

    public static void main(String[] args) {
        List<String> command = new ArrayList<>();
        for (int i = 0; i <= args.length; i++) {
            if (i == args.length || NEXT.equals(args[i])) {
                int code = Main.run(command.toArray(String[]::new));
                System.out.println("=== exit " + code + ": lifeboat " + String.join(" ", command));
                command.clear();
            } else {
                command.add(args[i]);
            }
        }
        System.exit(0);
    }
}
