package lifeboat.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import lifeboat.core.repo.Json;
import lifeboat.core.repo.Sha256;

/**
 * Canonical JSON and its hash: keys sorted at every level, no white space, times in ISO-8601 UTC, enums as their
 * labels. The same entry always serializes to the same bytes, so anyone can recompute its SHA-256.
 */
public final class Canonical {
    /** The hash before the first entry. */
    public static final String GENESIS = "0".repeat(64);

    static final ObjectMapper MAPPER = Json.MAPPER.copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.INDENT_OUTPUT, false)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);

    private Canonical() {
    }

    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write an audit entry as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** SHA-256 (hex) of {@code text}'s UTF-8 bytes. */
    public static String sha256(String text) {
        MessageDigest d = Sha256.digest();
        d.update(text.getBytes(StandardCharsets.UTF_8));
        return Sha256.hex(d);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
