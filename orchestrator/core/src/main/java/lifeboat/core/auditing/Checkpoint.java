package lifeboat.core.auditing;

import java.time.Instant;
import java.util.List;

/**
 * The audit chain's head, signed, with the entries since the previous checkpoint: the object written to every
 * storage target as {@code audit/checkpoint-<seq>.json}. Anyone with the public key can check it without Lifeboat:
 * the signature is Ed25519 over {@link #signed()}, each entry's SHA-256 is the next one's {@code prev}, and the last
 * entry's SHA-256 is {@code hash}.
 *
 * @param from the sequence number of the first entry in {@code entries}
 * @param entries the canonical JSON of entries {@code from} to {@code seq}, as hashed
 */
public record Checkpoint(String format, long seq, String hash, Instant at, long from, String publicKey,
        String signature, List<String> entries) {
    static final String FORMAT = "lifeboat-audit-checkpoint-1";
    static final String PREFIX = "audit/checkpoint-";

    /** What the signature is over. */
    String signed() {
        return signed(format, seq, hash, at);
    }

    static String signed(String format, long seq, String hash, Instant at) {
        return format + "\n" + seq + "\n" + hash + "\n" + at + "\n";
    }

    /** The storage key of the checkpoint of entry {@code seq}: sorted by key is sorted by sequence. */
    static String key(long seq) {
        return PREFIX + String.format("%020d", seq) + ".json";
    }
}
