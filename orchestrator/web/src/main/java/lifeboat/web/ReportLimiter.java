package lifeboat.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** At most {@code perHour} problem reports per client address in any hour (kept in memory, per process). */
final class ReportLimiter {
    private static final Duration HOUR = Duration.ofHours(1);
    /** Addresses remembered at most; past it, those without a report in the last hour are forgotten. */
    private static final int MAX_CLIENTS = 10_000;

    private final int perHour;
    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();

    ReportLimiter(int perHour) {
        this.perHour = perHour;
    }

    boolean allow(String client, Instant now) {
        if (recent.size() > MAX_CLIENTS) {
            recent.values().removeIf(d -> {
                synchronized (d) {
                    return d.isEmpty() || d.peekLast().isBefore(now.minus(HOUR));
                }
            });
        }
        Deque<Instant> times = recent.computeIfAbsent(client, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(HOUR))) {
                times.pollFirst();
            }
            if (times.size() >= perHour) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }
}
