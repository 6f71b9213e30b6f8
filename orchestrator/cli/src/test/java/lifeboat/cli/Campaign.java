package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * What the fault campaign's parts share: bounded in normal CI, full with {@code -Dlifeboat.campaign=full}; a seed
 * printed so a failing run can be repeated with {@code -Dlifeboat.campaign.seed=N}; the closing count lines.
 */
final class Campaign {
    /** Words that only a stack trace or an unhandled exception puts into a command's output. */
    static final List<String> STACK_TRACE_MARKS = List.of("at lifeboat.", "Exception in thread", "java.lang.");

    private Campaign() {
    }

    static boolean full() {
        return "full".equalsIgnoreCase(System.getProperty("lifeboat.campaign", ""));
    }

    static int scale(int bounded, int full) {
        return full() ? full : bounded;
    }

    static long seed(String part) {
        String given = System.getProperty("lifeboat.campaign.seed");
        long seed = given == null || given.isBlank() ? new Random().nextLong() : Long.parseLong(given.trim());
        System.out.println("campaign " + part + ": seed " + seed + " (repeat with -Dlifeboat.campaign.seed=" + seed
                + "), " + (full() ? "full" : "bounded") + " form");
        return seed;
    }

    /** One line per part, in a form the closing note can quote. */
    static void count(String part, String counts) {
        System.out.println("campaign " + part + ": " + counts);
    }

    static void assertNoStackTrace(String what, String output) {
        for (String mark : STACK_TRACE_MARKS) {
            assertThat(output).as(what + " printed a stack trace or raw exception ('" + mark + "')\n" + output)
                    .doesNotContain(mark);
        }
    }

    /** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * A generated share: {@code small} text files in nested folders and {@code bigMiB} MiB of incompressible data
     * spread over a few files, all from {@code seed}.
     */
    static void share(Path root, long seed, int small, int bigMiB) throws IOException {
        Random random = new Random(seed);
        for (int i = 0; i < small; i++) {
            Cli.write(root, "class-" + (i % 7) + "/pupil-" + i + "/notes-" + i + ".txt",
                    "pupil " + i + " " + Long.toHexString(random.nextLong()) + "\n".repeat(1 + random.nextInt(40)));
        }
        byte[] buf = new byte[1 << 20];
        for (int f = 0; f * 8 < Math.max(bigMiB, 1) && bigMiB > 0; f++) {
            Path p = Files.createDirectories(root.resolve("media")).resolve("clip-" + f + ".bin");
            try (OutputStream out = Files.newOutputStream(p)) {
                for (int m = 0; m < Math.min(8, bigMiB - f * 8); m++) {
                    random.nextBytes(buf);
                    out.write(buf);
                }
            }
        }
    }
}
