package lifeboat.core.auditing;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lifeboat.core.audit.Actor;
import lifeboat.core.audit.AuditEvent;
import lifeboat.core.audit.AuditLog;
import lifeboat.core.audit.AuditType;
import lifeboat.core.audit.BreakKind;
import lifeboat.core.audit.Canonical;
import lifeboat.core.audit.ChainBreak;
import lifeboat.core.audit.ChainCheck;
import lifeboat.core.catalog.AuditRecord;
import lifeboat.core.catalog.AuditStore;
import lifeboat.core.config.TargetConfig;
import lifeboat.core.plugins.Targets;
import lifeboat.core.repo.Json;
import lifeboat.spi.ObjectInfo;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's checkpoints and checks: signs the chain's head and writes it, with the entries since the previous
 * checkpoint, to every storage target; re-checks the chain in the catalog and against every checkpoint on storage;
 * lists entries. What the CLI's {@code audit} commands and the daemon's daily round both call.
 */
public final class AuditService {
    private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);
    private static final int PAGE = 5_000;

    private final AuditStore store;
    private final AuditLog log;
    private final Targets targets;
    private final Path dataDir;
    private final Clock clock;

    public AuditService(AuditStore store, AuditLog log, Targets targets, Path dataDir, Clock clock) {
        this.store = store;
        this.log = log;
        this.targets = targets;
        this.dataDir = dataDir;
        this.clock = clock;
    }

    /** The signing key (made on first use); only its public half ever leaves this class. */
    public SigningKey key() throws IOException {
        return SigningKey.in(dataDir);
    }

    /**
     * Signs the chain's head and writes it, with the entries since the previous checkpoint, to every storage target
     * (or only {@code onlyTarget}), each with the target's atomic put; then records the checkpoint in the log.
     */
    public CheckpointResult checkpoint(Actor actor, String onlyTarget) throws IOException, SQLException {
        SigningKey key = key();
        AuditStore.Head head = store.head();
        long from = previousCheckpoint().map(seq -> seq + 1).orElse(1L);
        if (from > head.seq()) {
            from = Math.max(1, head.seq());
        }
        List<String> entries = new ArrayList<>();
        for (long after = from - 1; after < head.seq(); ) {
            List<AuditRecord> page = store.page(after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (AuditRecord r : page) {
                if (r.seq() <= head.seq()) {
                    entries.add(r.entry());
                }
            }
            after = page.get(page.size() - 1).seq();
        }
        Instant at = clock.instant();
        String signature = key.sign(Checkpoint.signed(Checkpoint.FORMAT, head.seq(), head.hash(), at));
        Checkpoint cp = new Checkpoint(Checkpoint.FORMAT, head.seq(), head.hash(), at, from, key.publicKey(),
                signature, entries);
        byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(cp);
        List<String> written = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (String name : targetNames(onlyTarget)) {
            try {
                Storage s = targets.get(name);
                try (PendingObject o = s.create(Checkpoint.key(head.seq()))) {
                    o.write(bytes);
                    o.commit();
                }
                written.add(name);
            } catch (IOException | RuntimeException e) {
                failed.put(name, e.getMessage() == null ? e.toString() : e.getMessage());
                LOG.warn("audit checkpoint {} not written to storage target {}: {}", head.seq(), name, e.toString());
            }
        }
        log.append(actor, AuditEvent.of(AuditType.CHECKPOINT, null, "seq", head.seq(), "hash", head.hash(), "from",
                from, "signature", signature, "key", key.fingerprint(), "written", written, "failed", failed));
        return new CheckpointResult(head.seq(), head.hash(), at, from, entries.size(), signature, key.fingerprint(),
                written, failed);
    }

    /** The sequence number the newest checkpoint signed, if there is one. */
    public Optional<Long> previousCheckpoint() throws SQLException {
        return latestEvent(AuditType.CHECKPOINT).map(e -> ((Number) e.get("seq")).longValue());
    }

    /** The newest checkpoint recorded: its entry's event (seq, hash, signature, key, written). */
    public Optional<Map<String, Object>> latestCheckpoint() throws SQLException {
        return latestEvent(AuditType.CHECKPOINT);
    }

    /** When the chain was last verified, and whether it was intact then. */
    public Optional<LogEntry> lastVerified() throws SQLException {
        return store.latest(AuditType.AUDIT_VERIFIED.label()).map(AuditService::entry);
    }

    private Optional<Map<String, Object>> latestEvent(AuditType type) throws SQLException {
        return store.latest(type.label()).map(r -> entry(r).event());
    }

    /**
     * Re-checks the chain in the catalog, then every checkpoint on every storage target (or only {@code onlyTarget})
     * against it, and records the outcome in the log. The first break is the one at the lowest entry.
     */
    public Verification verify(Actor actor, String onlyTarget) throws IOException, SQLException {
        SigningKey key = key();
        ChainCheck.Result chain = new ChainCheck(store).check();
        List<ChainBreak> breaks = new ArrayList<>();
        chain.firstBreak().ifPresent(breaks::add);
        long catalogLast = chain.intact() ? chain.last().seq() : store.head().seq();
        List<Verification.TargetCheck> checks = new ArrayList<>();
        for (String name : targetNames(onlyTarget)) {
            int count = 0;
            Long latest = null;
            String error = null;
            try {
                Storage s = targets.get(name);
                for (ObjectInfo o : s.list(Checkpoint.PREFIX)) {
                    count++;
                    Optional<ChainBreak> b = check(s, o.key(), key.publicKey(), catalogLast);
                    b.ifPresent(breaks::add);
                    latest = seqOf(o.key());
                }
            } catch (IOException | RuntimeException e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            checks.add(new Verification.TargetCheck(name, count, latest, error));
        }
        ChainBreak first = breaks.stream().min(Comparator.comparingLong(ChainBreak::seq)).orElse(null);
        Instant at = clock.instant();
        Verification v = new Verification(first == null, at, chain.entries(), chain.last().seq(), chain.last().hash(),
                key.fingerprint(), first, checks);
        log.append(actor, AuditEvent.of(AuditType.AUDIT_VERIFIED, null, "intact", v.intact(), "entries",
                v.entries(), "head", v.headSeq(), "break", first == null ? null : first.describe(), "targets",
                checks.stream().map(c -> c.target() + ": " + (c.error() != null ? "unreadable" : c.checkpoints()
                        + " checkpoints")).toList()));
        return v;
    }

    /** One checkpoint on storage against the key and the catalog; the first thing that does not match. */
    private Optional<ChainBreak> check(Storage s, String key, String publicKey, long catalogLast)
            throws IOException, SQLException {
        long named = seqOf(key);
        String where = "checkpoint " + named + " on storage target " + s.name();
        Checkpoint cp;
        try (InputStream in = s.open(key)) {
            cp = Json.MAPPER.readValue(in, new TypeReference<Checkpoint>() { });
        } catch (IOException e) {
            return Optional.of(new ChainBreak(BreakKind.CHECKPOINT_MISMATCH, named, null, null, where
                    + " is not a checkpoint: " + e.getMessage()));
        }
        if (cp.publicKey() == null || !cp.publicKey().equals(publicKey)) {
            return Optional.of(new ChainBreak(BreakKind.CHECKPOINT_MISMATCH, named, cp.at(), null, where
                    + " was signed by another key (" + (cp.publicKey() == null ? "none"
                            : SigningKey.fingerprint(cp.publicKey())) + "), not this installation's ("
                    + SigningKey.fingerprint(publicKey) + ")"));
        }
        if (cp.signature() == null || !SigningKey.verifies(publicKey, cp.signed(), cp.signature())) {
            return Optional.of(new ChainBreak(BreakKind.CHECKPOINT_MISMATCH, named, cp.at(), null, where
                    + ": its signature does not match what it says (sequence " + cp.seq() + ", hash " + cp.hash()
                    + ")"));
        }
        List<String> entries = cp.entries() == null ? List.of() : cp.entries();
        String prev = null;
        for (int i = 0; i < entries.size(); i++) {
            String e = entries.get(i);
            if (ChainCheck.claimedSeq(e) != cp.from() + i || (prev != null && !prev.equals(ChainCheck.claimedPrev(e)))) {
                return Optional.of(new ChainBreak(BreakKind.CHECKPOINT_MISMATCH, cp.from() + i,
                        ChainCheck.claimedAt(e), ChainCheck.claims(e), where + ": its entries do not chain up"));
            }
            prev = Canonical.sha256(e);
        }
        if (cp.seq() > 0 && (prev == null || !prev.equals(cp.hash()) || named != cp.seq())) {
            return Optional.of(new ChainBreak(BreakKind.CHECKPOINT_MISMATCH, cp.seq(), cp.at(), null, where
                    + ": its entries do not end at the head it signed"));
        }
        // against the catalog: every entry the checkpoint witnessed must be there, unchanged
        Map<Long, AuditRecord> catalog = new LinkedHashMap<>();
        for (AuditRecord r : store.page(cp.from() - 1, entries.size())) {
            catalog.put(r.seq(), r);
        }
        for (int i = 0; i < entries.size(); i++) {
            long seq = cp.from() + i;
            String e = entries.get(i);
            AuditRecord r = catalog.get(seq);
            if (r == null) {
                BreakKind kind = seq > catalogLast ? BreakKind.TRUNCATED : BreakKind.MISSING;
                return Optional.of(new ChainBreak(kind, seq, ChainCheck.claimedAt(e), ChainCheck.claims(e),
                        "the catalog has no entry " + seq + "; " + where + " witnessed it"));
            }
            if (!r.hash().equals(Canonical.sha256(e)) || !r.entry().equals(e)) {
                return Optional.of(new ChainBreak(BreakKind.EDITED, seq, ChainCheck.claimedAt(e), ChainCheck.claims(e),
                        "the catalog's entry differs from the copy in " + where + " (the catalog's claims "
                                + ChainCheck.claims(r.entry()) + ")"));
            }
        }
        return Optional.empty();
    }

    private static long seqOf(String key) {
        String digits = key.substring(key.lastIndexOf('-') + 1).replace(".json", "");
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private List<String> targetNames(String onlyTarget) {
        if (onlyTarget != null) {
            if (!targets.configured(onlyTarget)) {
                throw new IllegalArgumentException("no storage target named '" + onlyTarget + "' (configured: "
                        + String.join(", ", targets.all().stream().map(TargetConfig::name).toList()) + ")");
            }
            return List.of(onlyTarget);
        }
        return targets.all().stream().map(TargetConfig::name).toList();
    }

    /** Entries at or after {@code since} (all when null), of {@code source} when not null, oldest first. */
    public List<LogEntry> log(Instant since, String source, int limit) throws SQLException {
        return store.since(since, source, limit).stream().map(AuditService::entry).toList();
    }

    @SuppressWarnings("unchecked")
    private static LogEntry entry(AuditRecord r) {
        Map<String, Object> event;
        try {
            Map<String, Object> all = Json.MAPPER.readValue(r.entry(), Map.class);
            event = all.get("event") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        } catch (IOException e) {
            event = Map.of("unreadable", e.getMessage());
        }
        return new LogEntry(r.seq(), r.at(), r.type(), r.source(), r.actor(), event, r.hash());
    }
}
