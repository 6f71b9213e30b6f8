package lifeboat.core.backup;

import lifeboat.core.model.Labeled;

/** One backup brought to another target; a {@code copy --json} item. */
public record CopyResult(String backup, String source, String from, String to, Status status, int objects, long bytes,
        String error) {
    public boolean ok() {
        return status != Status.FAILED;
    }

    /** Whether the copy is durable and recorded. */
    public enum Status implements Labeled {
        COPIED,
        /** The objects a failed verification named were replaced; the copy wants verifying again. */
        REPAIRED,
        FAILED;

        @Override
        public String toString() {
            return label();
        }
    }
}
