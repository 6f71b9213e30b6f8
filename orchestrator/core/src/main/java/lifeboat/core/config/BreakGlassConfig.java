package lifeboat.core.config;

import java.util.List;

/**
 * {@code breakGlass}: what the printed break-glass sheet says beyond the catalog. Never a secret: where the school
 * keeps the age identity (a safe, a sealed envelope), not the identity itself.
 *
 * @param identityKeptAt where the identity that decrypts the encrypted copies is kept, or null
 * @param contacts who to call, one line each
 */
public record BreakGlassConfig(String identityKeptAt, List<String> contacts) {
    public static final BreakGlassConfig NONE = new BreakGlassConfig(null, List.of());

    public BreakGlassConfig {
        contacts = List.copyOf(contacts);
    }
}
