package lifeboat.core.repo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import lifeboat.spi.ObjectInfo;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Storage;

/**
 * The proof beside the backups: one small object per result, {@code proof/<source>/<finished>-<kind>-<id>.json}.
 * The storage contract has no append, and an appended file could be torn by a crash or by two writers; a new object
 * per result, committed atomically, is never half there and never overwritten, so this log is append-only on every
 * kind of target.
 */
public final class ProofFiles {
    public static final String PREFIX = "proof/";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_BYTES = 4 << 20;

    private ProofFiles() {
    }

    /** A fresh id for a proof. */
    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    public static String key(Proof p) {
        String kind = p instanceof Proof.Trial ? "trial" : "verification";
        return PREFIX + p.source() + "/" + TIME.format(p.finishedAt()) + "-" + kind + "-" + p.id() + ".json";
    }

    /** Writes one proof, atomically (nothing under its key until it is whole). */
    public static void write(Storage target, Proof p) throws IOException {
        byte[] json = Json.MAPPER.writeValueAsBytes(p);
        try (PendingObject out = target.create(key(p))) {
            out.write(json);
            out.commit();
        }
    }

    /**
     * Copies the proof of one source that {@code from} holds and {@code to} lacks, so a target filled by
     * {@code copy} also carries the results of verifications made before its copies existed.
     *
     * @return the number of proof objects copied
     */
    public static int copyMissing(Storage from, Storage to, String source) throws IOException {
        String prefix = PREFIX + source + "/";
        Set<String> there = new HashSet<>();
        for (ObjectInfo o : to.list(prefix)) {
            there.add(o.key());
        }
        int copied = 0;
        for (ObjectInfo o : from.list(prefix)) {
            if (there.contains(o.key()) || !o.key().endsWith(".json") || o.size() > MAX_BYTES) {
                continue;
            }
            byte[] bytes;
            try (InputStream in = from.open(o.key())) {
                bytes = in.readAllBytes();
            }
            try (PendingObject out = to.create(o.key())) {
                out.write(bytes);
                out.commit();
            }
            copied++;
        }
        return copied;
    }

    /** What a target's proof holds, and the objects that could not be read. */
    public record Read(List<Proof> proofs, List<String> problems) {
    }

    /** Every proof on a target, oldest first (keys sort by time). */
    public static Read readAll(Storage target) throws IOException {
        List<Proof> proofs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ObjectInfo o : target.list(PREFIX)) {
            if (!o.key().endsWith(".json")) {
                continue;
            }
            if (o.size() > MAX_BYTES) {
                problems.add(o.key() + ": " + o.size() + " bytes, too large for a proof; skipped");
                continue;
            }
            try (InputStream in = target.open(o.key())) {
                JsonNode node = Json.MAPPER.readTree(in);
                Class<? extends Proof> type = o.key().contains("-trial-") ? Proof.Trial.class : Proof.Verification.class;
                proofs.add(Json.MAPPER.treeToValue(node, type));
            } catch (IOException | RuntimeException e) {
                problems.add(o.key() + ": unreadable (" + e.getMessage() + "); skipped");
            }
        }
        proofs.sort(Comparator.comparing(Proof::finishedAt).thenComparing(Proof::id));
        return new Read(proofs, problems);
    }
}
