package lifeboat.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import lifeboat.core.catalog.AuditRecord;
import lifeboat.core.catalog.AuditStore;
import lifeboat.core.model.Labeled;

/**
 * Re-checks the audit chain in the catalog, entry by entry in sequence order, and names the first entry that does not
 * match and how: each entry's content must hash to its recorded hash and agree with its columns, claim its own
 * sequence number, and hold the hash of the entry before it; the head must be the last entry. Reads the log page by
 * page, so a long one does not have to fit in memory.
 */
public final class ChainCheck {
    private static final int PAGE = 5_000;

    private final AuditStore store;

    public ChainCheck(AuditStore store) {
        this.store = store;
    }

    /**
     * How the chain in the catalog stands.
     *
     * @param entries how many entries were read
     * @param last the newest entry's sequence number and hash
     */
    public record Result(long entries, AuditStore.Head last, Optional<ChainBreak> firstBreak) {
        public boolean intact() {
            return firstBreak.isEmpty();
        }
    }

    /** What an entry's JSON says about itself. */
    record Claimed(long seq, String prev, Instant at, String type, String source, String actor) {
        String claims() {
            return type + (source == null ? "" : " of " + source) + " by " + actor;
        }
    }

    public Result check() throws SQLException {
        Pages pages = new Pages();
        String prevHash = Canonical.GENESIS;
        long expected = 1;
        long read = 0;
        AuditRecord previous = null;
        Claimed previousClaimed = null;
        AuditRecord r;
        while ((r = pages.next()) != null) {
            read++;
            Claimed c;
            try {
                c = parse(r.entry());
            } catch (IllegalArgumentException e) {
                return broken(read, r, new ChainBreak(BreakKind.EDITED, r.seq(), r.at(), null,
                        "its content is no longer an audit entry: " + e.getMessage()));
            }
            String mismatch = mismatch(r, c);
            if (mismatch != null) {
                return broken(read, r, new ChainBreak(BreakKind.EDITED, r.seq(), c.at(), c.claims(), mismatch));
            }
            if (c.seq() != r.seq()) {
                AuditRecord next = pages.peek();
                Claimed nextClaimed = next == null ? null : parseOrNull(next.entry());
                if (nextClaimed != null && nextClaimed.seq() == r.seq() && c.seq() == next.seq()) {
                    return broken(read, r, new ChainBreak(BreakKind.REORDERED, r.seq(), c.at(), c.claims(),
                            "entries " + r.seq() + " and " + next.seq() + " changed places"));
                }
                if (c.seq() == r.seq() - 1 && previousClaimed != null && c.prev().equals(previousClaimed.prev())) {
                    return broken(read, r, new ChainBreak(BreakKind.INSERTED, previous.seq(), previousClaimed.at(),
                            previousClaimed.claims(), "the entry after it was chained to the one before it: this"
                                    + " entry was put in afterwards, and the later ones renumbered"));
                }
                if (c.seq() > r.seq()) {
                    return broken(read, r, new ChainBreak(BreakKind.MISSING, r.seq(), null, null, "entries "
                            + r.seq() + " to " + (c.seq() - 1) + " are gone and the later ones renumbered (entry "
                            + c.seq() + " now stands at " + r.seq() + ")"));
                }
                return broken(read, r, new ChainBreak(BreakKind.EDITED, r.seq(), c.at(), c.claims(),
                        "it claims to be entry " + c.seq()));
            }
            if (r.seq() != expected) {
                return broken(read, r, new ChainBreak(BreakKind.MISSING, expected, null, null, expected == r.seq() - 1
                        ? "entry " + expected + " is gone (entry " + r.seq() + " follows " + (expected - 1) + ")"
                        : "entries " + expected + " to " + (r.seq() - 1) + " are gone"));
            }
            if (!c.prev().equals(prevHash)) {
                if (previousClaimed != null && c.prev().equals(previousClaimed.prev())) {
                    return broken(read, r, new ChainBreak(BreakKind.INSERTED, previous.seq(), previousClaimed.at(),
                            previousClaimed.claims(), "entry " + r.seq() + " was chained to entry "
                                    + (previous.seq() - 1) + ", not to this one"));
                }
                if (previous == null) {
                    return broken(read, r, new ChainBreak(BreakKind.EDITED, r.seq(), c.at(), c.claims(),
                            "the first entry is not chained to the start of the log"));
                }
                return broken(read, r, new ChainBreak(BreakKind.EDITED, previous.seq(), previousClaimed.at(),
                        previousClaimed.claims(), "entry " + r.seq() + " was chained to a different content of it"
                                + " (rewritten with a new hash)"));
            }
            prevHash = r.hash();
            previous = r;
            previousClaimed = c;
            expected = r.seq() + 1;
        }
        long lastSeq = previous == null ? 0 : previous.seq();
        AuditStore.Head head = store.head();
        AuditStore.Head last = new AuditStore.Head(lastSeq, prevHash);
        if (head.seq() > lastSeq) {
            return new Result(read, last, Optional.of(new ChainBreak(BreakKind.TRUNCATED, lastSeq + 1, null, null,
                    "the log ends at entry " + lastSeq + " but its head says " + head.seq())));
        }
        if (head.seq() != lastSeq || !head.hash().equals(prevHash)) {
            return new Result(read, last, Optional.of(new ChainBreak(BreakKind.EDITED, lastSeq,
                    previousClaimed == null ? null : previousClaimed.at(),
                    previousClaimed == null ? null : previousClaimed.claims(),
                    "the chain's head (" + head.seq() + ", " + head.hash() + ") is not this entry")));
        }
        return new Result(read, last, Optional.empty());
    }

    private Result broken(long read, AuditRecord at, ChainBreak b) {
        return new Result(read, new AuditStore.Head(at.seq(), at.hash()), Optional.of(b));
    }

    /** Which column disagrees with the entry, or whose content no longer hashes to its hash; null when all agree. */
    private static String mismatch(AuditRecord r, Claimed c) {
        if (!Canonical.sha256(r.entry()).equals(r.hash())) {
            return "its content no longer matches its hash";
        }
        if (!Objects.equals(r.at(), c.at())) {
            return "its time column says " + r.at() + ", the entry " + c.at();
        }
        if (!Objects.equals(r.type(), c.type())) {
            return "its type column says " + r.type() + ", the entry " + c.type();
        }
        if (!Objects.equals(r.source(), c.source())) {
            return "its source column says " + r.source() + ", the entry " + c.source();
        }
        if (!Objects.equals(r.actor(), c.actor())) {
            return "its actor column says " + r.actor() + ", the entry " + c.actor();
        }
        return null;
    }

    /** What an entry's JSON claims ({@code backup-finished of school-db by daemon:node-1}), or null if it is none. */
    public static String claims(String json) {
        Claimed c = parseOrNull(json);
        return c == null ? null : c.claims();
    }

    /** The sequence number an entry's JSON claims, or -1 if it is none. */
    public static long claimedSeq(String json) {
        Claimed c = parseOrNull(json);
        return c == null ? -1 : c.seq();
    }

    /** The previous hash an entry's JSON claims, or null if it is none. */
    public static String claimedPrev(String json) {
        Claimed c = parseOrNull(json);
        return c == null ? null : c.prev();
    }

    /** The time an entry's JSON claims, or null if it is none. */
    public static Instant claimedAt(String json) {
        Claimed c = parseOrNull(json);
        return c == null ? null : c.at();
    }

    private static Claimed parseOrNull(String json) {
        try {
            return parse(json);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Reads what an entry claims; throws IllegalArgumentException when it is not an audit entry. */
    static Claimed parse(String json) {
        try {
            JsonNode n = Canonical.MAPPER.readTree(json);
            JsonNode actor = n.path("actor");
            Actor a = new Actor(Labeled.of(Actor.Kind.class, actor.path("kind").asText()),
                    actor.path("name").asText(), text(actor, "user"), text(actor, "host"));
            if (!n.path("seq").canConvertToLong() || !n.path("prev").isTextual()) {
                throw new IllegalArgumentException("no sequence number or previous hash");
            }
            return new Claimed(n.path("seq").asLong(), n.path("prev").asText(), Instant.parse(n.path("at").asText()),
                    n.path("type").asText(), text(n, "source"), a.label());
        } catch (JsonProcessingException | DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The log in sequence order, a page at a time, with a look at the next entry. */
    private final class Pages {
        private final Deque<AuditRecord> buffer = new ArrayDeque<>();
        private long after;
        private boolean done;

        AuditRecord next() throws SQLException {
            fill();
            return buffer.pollFirst();
        }

        AuditRecord peek() throws SQLException {
            fill();
            return buffer.peekFirst();
        }

        private void fill() throws SQLException {
            if (buffer.size() > 1 || done) {
                return;
            }
            List<AuditRecord> page = store.page(after, PAGE);
            if (page.isEmpty()) {
                done = true;
                return;
            }
            buffer.addAll(page);
            after = page.get(page.size() - 1).seq();
        }
    }
}
