package lifeboat.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TargetLimitsTest {
    @Test
    void aSecondJobOnAFullTarget_waits_andSaysForWhom() throws Exception {
        TargetLimits limits = new TargetLimits(1);
        TargetLimits.Held first = limits.acquire(List.of("local"), "nightly-a", () -> false);
        assertThat(first.waitedFor()).isNull();
        CompletableFuture<TargetLimits.Held> second = CompletableFuture.supplyAsync(() -> {
            try {
                return limits.acquire(List.of("offsite", "local"), "nightly-b", () -> false);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300); // give the second job time to find the target full: it must still wait
        assertThat(second).isNotDone();
        first.close();
        TargetLimits.Held h = second.get(10, TimeUnit.SECONDS);
        assertThat(h.waitedFor()).contains("target local").contains("job nightly-a")
                .contains("scheduler.perTargetJobs: 1");
        assertThat(h.targets()).containsExactly("local", "offsite");
        h.close();
    }

    @Test
    void twoSlots_letTwoJobsIn_andOtherTargetsAreNotAffected() throws Exception {
        TargetLimits limits = new TargetLimits(2);
        TargetLimits.Held a = limits.acquire(List.of("local"), "a", () -> false);
        TargetLimits.Held b = limits.acquire(List.of("local"), "b", () -> false);
        TargetLimits.Held c = limits.acquire(List.of("offsite"), "c", () -> false);
        assertThat(List.of(a, b, c)).allSatisfy(h -> assertThat(h.waitedFor()).isNull());
        AtomicBoolean stopping = new AtomicBoolean();
        CompletableFuture<TargetLimits.Held> d = CompletableFuture.supplyAsync(() -> {
            try {
                return limits.acquire(List.of("local"), "d", stopping::get);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        stopping.set(true); // a daemon shutting down: the waiter gives up instead of starting
        assertThat(d.get(10, TimeUnit.SECONDS)).isNull();
        a.close();
        TargetLimits.Held e = limits.acquire(List.of("local"), "e", () -> false);
        assertThat(e.waitedFor()).isNull();
    }
}
