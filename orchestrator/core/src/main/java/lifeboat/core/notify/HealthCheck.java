package lifeboat.core.notify;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.config.Durations;
import lifeboat.core.config.NotificationsConfig;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.config.TargetConfig;
import lifeboat.core.events.Alert;
import lifeboat.core.events.Events;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.EventType;
import lifeboat.core.model.Sizes;
import lifeboat.core.plugins.Sources;
import lifeboat.core.plugins.Targets;
import lifeboat.spi.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks nobody runs by hand: is every source's newest good backup younger than its RPO, and is every storage
 * target reachable with room to spare. Each finding is raised (and repeated only as {@link Alerts} allows); each
 * problem that is over is resolved.
 */
public final class HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(HealthCheck.class);

    /** What one run found, for the digest and for tests. */
    public record Findings(List<String> stale, List<String> unreachable, List<String> low, List<TargetSpace> space) {
    }

    /** @param freeBytes -1 when the target cannot tell; {@code error} set when it could not be reached */
    public record TargetSpace(String target, long freeBytes, String error) {
    }

    private final Sources sources;
    private final Targets targets;
    private final BackupStore backups;
    private final NotificationsConfig config;
    private final Events events;
    private final Clock clock;

    public HealthCheck(Sources sources, Targets targets, BackupStore backups, NotificationsConfig config, Events events,
            Clock clock) {
        this.sources = sources;
        this.targets = targets;
        this.backups = backups;
        this.config = config;
        this.events = events;
        this.clock = clock;
    }

    public Findings run() {
        List<String> stale = new ArrayList<>();
        for (SourceConfig s : sources.all()) {
            if (s.rpoLimit().isPresent() && checkStale(s)) {
                stale.add(s.name());
            }
        }
        List<TargetSpace> space = space();
        List<String> unreachable = new ArrayList<>();
        List<String> low = new ArrayList<>();
        long min = config.minFreeBytes();
        for (TargetSpace t : space) {
            if (t.error() != null) {
                unreachable.add(t.target());
                events.raise(Alert.of(EventType.STORAGE_UNREACHABLE, t.target(), null, "storage target " + t.target()
                        + " (" + location(t.target()) + ") cannot be reached: " + t.error(), "check the network, the"
                        + " server and the credentials of " + t.target() + "; backups to it fail until it is back"));
                continue;
            }
            events.resolve(EventType.STORAGE_UNREACHABLE, t.target(), "storage target " + t.target() + " answers again");
            if (t.freeBytes() >= 0 && t.freeBytes() < min) {
                low.add(t.target());
                events.raise(Alert.of(EventType.STORAGE_LOW, t.target(), null, "storage target " + t.target() + " ("
                        + location(t.target()) + ") has " + Sizes.text(t.freeBytes()) + " free, below the "
                        + Sizes.text(min) + " set by notifications.minFreeSpace", "free space on " + t.target()
                        + " or give it more before the next full backup fails half-way"));
            } else if (t.freeBytes() >= 0) {
                events.resolve(EventType.STORAGE_LOW, t.target(), "storage target " + t.target() + " has "
                        + Sizes.text(t.freeBytes()) + " free");
            }
        }
        return new Findings(stale, unreachable, low, space);
    }

    /** Raises or resolves the source's staleness; true when it is stale. */
    private boolean checkStale(SourceConfig s) {
        Staleness st;
        try {
            st = staleness(s);
        } catch (SQLException e) {
            LOG.warn("cannot check the staleness of {}: {}", s.name(), e.toString());
            return false;
        }
        if (!st.stale()) {
            events.resolve(EventType.STALE_SOURCE, s.name(), st.message());
            return false;
        }
        events.raise(Alert.of(EventType.STALE_SOURCE, s.name(), st.newest(), st.message(), staleAdvice(s.name())));
        return true;
    }

    /**
     * What to do about a stale source, by what its latest backup attempt says: one that failed needs its cause
     * fixed, one still running may be stuck, and none at all means nothing runs it (no schedule, or no daemon).
     */
    private String staleAdvice(String source) {
        String byHand = "then run lifeboat backup " + source + " by hand";
        BackupRecord last;
        try {
            List<BackupRecord> all = backups.backups(source);
            last = all.isEmpty() ? null : all.get(all.size() - 1);
        } catch (SQLException e) {
            last = null;
        }
        if (last != null && last.status() == BackupStatus.FAILED) {
            String error = String.valueOf(last.error());
            return "its latest backup " + last.id() + " failed (" + (error.length() > 200 ? error.substring(0, 197)
                    + "..." : error) + "): fix that cause (lifeboat show " + last.id() + ", lifeboat jobs --since 48h), " + byHand;
        }
        if (last != null && last.status() == BackupStatus.RUNNING) {
            return "a backup (" + last.id() + ") has been running since " + Texts.time(last.startedAt(), config.zone())
                    + ": if it hangs, see the log of the process that runs it; " + byHand + " once it ended";
        }
        return "no backup of " + source + " has run since its newest good one: check that a schedule covers it"
                + " (lifeboat schedule) and that the daemon runs (systemctl status lifeboat), " + byHand;
    }

    /** Whether a source's newest good backup is older than its RPO, in words. */
    public record Staleness(boolean stale, String newest, String message) {
    }

    /** The staleness of a source with an RPO. */
    public Staleness staleness(SourceConfig s) throws SQLException {
        Duration rpo = s.rpoLimit().orElseThrow();
        Instant now = clock.instant();
        BackupRecord newest = backups.latestUsable(s.name(), false).orElse(null);
        Instant at = newest == null ? null : newest.finishedAt() == null ? newest.startedAt() : newest.finishedAt();
        var zone = config.zone();
        if (at != null && !at.plus(rpo).isBefore(now)) {
            return new Staleness(false, newest.id(), "its newest good backup " + newest.id() + " is from "
                    + Texts.time(at, zone));
        }
        return new Staleness(true, newest == null ? null : newest.id(), at == null
                ? s.name() + " has no good backup at all; its RPO is " + Durations.text(rpo)
                : "the newest good backup of " + s.name() + " (" + newest.id() + ") is from " + Texts.time(at, zone)
                        + ", " + Durations.text(Duration.between(at, now)) + " ago; its RPO is " + Durations.text(rpo));
    }

    /** Free space of every target; a target that cannot be reached says why. */
    public List<TargetSpace> space() {
        List<TargetSpace> out = new ArrayList<>();
        for (TargetConfig t : targets.all()) {
            try {
                Storage storage = targets.get(t.name());
                storage.stat("lifeboat-repo.json"); // one real round trip: freeBytes alone may be answered locally
                OptionalLong free = storage.freeBytes();
                out.add(new TargetSpace(t.name(), free.orElse(-1), null));
            } catch (IOException | RuntimeException e) {
                out.add(new TargetSpace(t.name(), -1, e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return out;
    }

    private String location(String target) {
        try {
            return targets.get(target).location();
        } catch (IOException | RuntimeException e) {
            return targets.all().stream().filter(t -> t.name().equals(target)).map(TargetConfig::type).findFirst()
                    .orElse("?");
        }
    }
}
