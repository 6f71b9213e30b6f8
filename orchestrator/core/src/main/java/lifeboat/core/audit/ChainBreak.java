package lifeboat.core.audit;

import java.time.Instant;

/**
 * The first entry that does not match, and how.
 *
 * @param seq the entry's sequence number
 * @param at the time the entry claims, or null when it is gone
 * @param claims what the entry claims ({@code backup-finished of school-db by daemon:node-1}), or null when gone
 * @param detail what exactly does not match
 */
public record ChainBreak(BreakKind kind, long seq, Instant at, String claims, String detail) {
    public String describe() {
        return kind.label() + " at entry " + seq + (at == null ? "" : " (" + at + ")")
                + (claims == null ? "" : ": " + claims) + ": " + detail;
    }
}
