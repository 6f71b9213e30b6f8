package lifeboat.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.UserRecord;
import lifeboat.core.model.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeboat user add|list|remove|passwd}: the web pages' users. A password is read from the terminal (asked
 * twice) or, without one, as the first line of stdin; never from an argument, where {@code ps} would show it.
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the web pages' users and their roles"
        + " (admin, operator, auditor).", subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class,
                UserCommand.Remove.class, UserCommand.Passwd.class})
final class UserCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("error: give a subcommand: add, list, remove or passwd (see lifeboat user --help)");
        return Main.USAGE;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user; the password is asked for"
            + " (or read from the first line of stdin).")
    static final class Add implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "NAME", description = "The user name (lower-case letters, digits, . _ -).")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "admin (everything), operator (looks and acts), auditor (reads the history)")
        String role;

        @Override
        public Integer call() throws Exception {
            Role r = Role.of(role);
            withPassword(global, "Password for " + name + ": ", (lb, password) -> lb.users().add(name, r, password));
            System.out.println("added user " + name + " (" + r + ")");
            return Main.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users with their roles.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Override
        public Integer call() throws Exception {
            try (Lifeboat lb = global.open()) {
                var users = lb.users().list();
                if (global.json) {
                    Output.json(users);
                    return Main.OK;
                }
                System.out.printf("%-24s %-9s %s%n", "NAME", "ROLE", "PASSWORD SET");
                for (UserRecord u : users) {
                    System.out.printf("%-24s %-9s %s%n", u.name(), u.role(), u.changedAt());
                }
            }
            return Main.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user; their sessions end.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            try (Lifeboat lb = global.open()) {
                lb.users().remove(name);
            }
            System.out.println("removed user " + name);
            return Main.OK;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a user's password (asked for, or"
            + " read from the first line of stdin); their sessions end.")
    static final class Passwd implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            withPassword(global, "New password for " + name + ": ",
                    (lb, password) -> lb.users().passwd(name, password));
            System.out.println("changed the password of " + name);
            return Main.OK;
        }
    }

    /** What a subcommand does with the password it read, in the open installation. */
    @FunctionalInterface
    private interface PasswordUse {
        void accept(Lifeboat lb, char[] password) throws Exception;
    }

    /** Reads the password before opening the installation, hands both to {@code use}, and wipes it whatever happens. */
    private static void withPassword(GlobalOptions global, String prompt, PasswordUse use) throws Exception {
        char[] password = password(prompt);
        try (Lifeboat lb = global.open()) {
            use.accept(lb, password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** From the terminal, asked twice; else the first line of stdin. */
    private static char[] password(String prompt) throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("%s", prompt);
            char[] again = console.readPassword("Again: ");
            if (first == null || again == null || !Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passwords differ (or none was given)");
            }
            Arrays.fill(again, '\0');
            return first;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.isEmpty()) {
            throw new IllegalArgumentException("no password: type it at the prompt, or give it as the first line"
                    + " of stdin");
        }
        return line.toCharArray();
    }
}
