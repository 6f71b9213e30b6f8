package lifeboat.core.repo;

import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The 1 MiB buffers that streams hand between threads ({@link BackgroundOutputStream}, {@link ReadAhead}), kept for
 * the next stream instead of made anew for each. With {@code -Xmx128m} the young generation holds a few MiB, so a
 * buffer still in flight at a collection went straight to the old one: every object read or written left its
 * buffers there, dead, and the heap grew with the length of the run (a full verify of a 4 GB share ended with 80
 * MiB of old generation against 30 at 1 GB; README "Performance"). Kept buffers are reused, so the old generation
 * holds the same few whatever the run. A buffer handed out may hold another stream's bytes: its taker reads only
 * what it wrote. At most {@value #KEPT} are kept; thread-safe.
 */
final class Chunks {
    static final int SIZE = 1 << 20;
    static final int KEPT = 16;
    private static final BlockingQueue<byte[]> FREE = new ArrayBlockingQueue<>(KEPT);

    private Chunks() {
    }

    /** A kept buffer, or a new one. */
    static byte[] take() {
        byte[] b = FREE.poll();
        return b != null ? b : new byte[SIZE];
    }

    /** Keeps {@code b} for the next taker; the caller must not touch it afterwards. */
    static void give(byte[] b) {
        if (b != null && b.length == SIZE) {
            FREE.offer(b);
        }
    }

    /** Keeps every buffer {@code q} holds, emptying it; the caller must not touch them afterwards. */
    static void giveAll(Queue<byte[]> q) {
        for (byte[] b = q.poll(); b != null; b = q.poll()) {
            give(b);
        }
    }

    /** How many are kept now. */
    static int kept() {
        return FREE.size();
    }
}
