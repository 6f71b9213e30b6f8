package lifeboat.core.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code scheduler.perTargetJobs}: at most that many jobs of this daemon use one storage target at once. A fair
 * semaphore per target; a job takes a slot on every target it uses, in name order (so two jobs never hold one target
 * each while waiting for the other's). Per daemon process: in a cluster each node has its own slots. Thread-safe.
 */
final class TargetLimits {
    private final int perTarget;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> holders = new ConcurrentHashMap<>();

    TargetLimits(int perTarget) {
        if (perTarget < 1) {
            throw new IllegalArgumentException("perTarget must be at least 1: " + perTarget);
        }
        this.perTarget = perTarget;
    }

    /** Slots held on {@code targets}; {@code waitedFor} says for what it had to wait, or is null. */
    record Held(List<String> targets, String job, Duration waited, String waitedFor, TargetLimits owner)
            implements AutoCloseable {
        @Override
        public void close() {
            owner.release(this);
        }
    }

    /** Waits for a slot on each target; returns null when {@code stopping} turned true first. */
    Held acquire(List<String> targets, String job, BooleanSupplier stopping) throws InterruptedException {
        Instant start = Instant.now();
        List<String> taken = new ArrayList<>();
        List<String> waits = new ArrayList<>();
        for (String t : new TreeSet<>(targets)) {
            Semaphore s = slots.computeIfAbsent(t, x -> new Semaphore(perTarget, true));
            if (!s.tryAcquire()) {
                Set<String> busy = holders.getOrDefault(t, Set.of());
                waits.add("target " + t + " (in use by " + (busy.isEmpty() ? "other jobs" : String.join(", ", busy))
                        + "; scheduler.perTargetJobs: " + perTarget + ")");
                while (!s.tryAcquire(1, TimeUnit.SECONDS)) {
                    if (stopping.getAsBoolean()) {
                        taken.forEach(this::releaseOne);
                        return null;
                    }
                }
            }
            taken.add(t);
            holders.computeIfAbsent(t, x -> ConcurrentHashMap.newKeySet()).add("job " + job);
        }
        return new Held(List.copyOf(taken), job, Duration.between(start, Instant.now()),
                waits.isEmpty() ? null : String.join(" and ", waits), this);
    }

    private void releaseOne(String target) {
        slots.get(target).release();
    }

    private void release(Held h) {
        for (String t : h.targets()) {
            Set<String> busy = holders.get(t);
            if (busy != null) {
                busy.remove("job " + h.job());
            }
            releaseOne(t);
        }
    }
}
