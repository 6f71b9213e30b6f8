package lifeboat.core.repo;

import java.time.Instant;
import java.util.List;
import lifeboat.core.model.CheckStatus;
import lifeboat.core.model.FindingKind;
import lifeboat.core.model.TrialStatus;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.model.VerifyStatus;

/**
 * One verification or trial-restore result as kept beside the backups ({@code proof/<source>/...json}), so that a
 * catalog rebuilt from the repository alone still knows which backups were proven good. Small, written once, never
 * changed; never a secret (no identity, no credential, no data).
 */
public sealed interface Proof permits Proof.Verification, Proof.Trial {
    int FORMAT = 1;

    /** A unique id, also the end of the object's key: the same result read from two targets is one result. */
    String id();

    String source();

    String backup();

    Instant finishedAt();

    /**
     * A verification of one backup's copy on one target.
     *
     * @param verifiedKeys the objects it re-read and matched (empty for quick ones and failures)
     */
    record Verification(int format, String id, String source, String backup, String storage, VerifyMode mode,
            VerifyStatus status, Instant startedAt, Instant finishedAt, long objectsChecked, long filesChecked,
            long bytesRead, int findings, List<String> verifiedKeys, List<Problem> problems) implements Proof {
        public Verification {
            verifiedKeys = verifiedKeys == null ? List.of() : List.copyOf(verifiedKeys);
            problems = problems == null ? List.of() : List.copyOf(problems);
        }
    }

    /** A trial restore of one backup, with its checks. */
    record Trial(int format, String id, String source, String backup, TrialStatus status, Instant startedAt,
            Instant finishedAt, Long durationMs, long bytes, long rows, String error, List<Check> checks)
            implements Proof {
        public Trial {
            checks = checks == null ? List.of() : List.copyOf(checks);
        }
    }

    /** One finding of a verification (the first 20 are kept). */
    record Problem(FindingKind kind, String object, String path, String message) {
    }

    /** One check of a trial restore. */
    record Check(String name, CheckStatus status, String detail) {
    }
}
