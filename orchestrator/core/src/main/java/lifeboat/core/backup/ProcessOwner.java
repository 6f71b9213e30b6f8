package lifeboat.core.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Identifies the process that writes a backup as {@code host:pid}, so a later run can tell a backup whose writer
 * was killed from one still under way in another process.
 */
public final class ProcessOwner {
    private ProcessOwner() {
    }

    public static String current() {
        return host() + ":" + ProcessHandle.current().pid();
    }

    static String host() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = Files.readString(Path.of("/etc/hostname")).trim();
            } catch (IOException e) {
                h = "localhost";
            }
        }
        return h;
    }

    /**
     * True when the owner is a process on this host that no longer runs (or whose pid now belongs to a process
     * started after the backup began). Owners on other hosts are never judged dead from here.
     */
    public static boolean isDead(String owner, Instant backupStarted) {
        int colon = owner.lastIndexOf(':');
        if (colon < 0 || !owner.substring(0, colon).equals(host())) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(owner.substring(colon + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return true;
        }
        Optional<Instant> started = p.get().info().startInstant();
        return started.isPresent() && started.get().isAfter(backupStarted.plusSeconds(1));
    }
}
