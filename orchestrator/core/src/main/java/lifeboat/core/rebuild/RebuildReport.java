package lifeboat.core.rebuild;

import java.time.Instant;
import java.util.List;

/**
 * What {@code lifeboat catalog rebuild} found on one storage target and what it did with it.
 *
 * @param found backups with a {@code backup.json} on the target
 * @param added backups the catalog did not know, now recorded with their copy on this target
 * @param copiesAdded backups already known, now with their copy on this target too
 * @param alreadyKnown backups whose copy on this target the catalog already had
 * @param skipped what was not taken, with why (a backup without {@code backup.json} is not whole)
 * @param mismatches objects missing, of another size, or (with {@code --verify full}) another SHA-256
 * @param verificationsImported verification results read back from the target's proof
 * @param trialsImported trial-restore results read back from the target's proof
 * @param proofsAlreadyKnown proof the catalog already had (from this or another target)
 * @param problems anything else worth knowing: unreadable proof, a chain whose parent is missing
 * @param notRecovered what the repository does not hold, so a rebuilt catalog lacks it
 */
public record RebuildReport(String storage, String location, String repositoryId, String verify, Instant startedAt,
        Instant finishedAt, int found, List<String> added, List<String> copiesAdded, List<String> alreadyKnown,
        List<Skipped> skipped, List<Mismatch> mismatches, int verificationsImported, int trialsImported,
        int proofsAlreadyKnown, List<String> problems, List<String> notRecovered) {
    public RebuildReport {
        added = List.copyOf(added);
        copiesAdded = List.copyOf(copiesAdded);
        alreadyKnown = List.copyOf(alreadyKnown);
        skipped = List.copyOf(skipped);
        mismatches = List.copyOf(mismatches);
        problems = List.copyOf(problems);
        notRecovered = List.copyOf(notRecovered);
    }

    /** Whether everything found was taken and matched. */
    public boolean clean() {
        return skipped.isEmpty() && mismatches.isEmpty();
    }

    /** @param what a backup's directory or an object key */
    public record Skipped(String what, String reason) {
    }

    public record Mismatch(String backup, String object, String kind, String message) {
    }
}
