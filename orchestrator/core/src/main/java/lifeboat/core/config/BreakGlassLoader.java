package lifeboat.core.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Loads {@code breakGlass}: where the identity is kept and who to call, for the break-glass sheet. */
final class BreakGlassLoader {
    private static final Set<String> KEYS = Set.of("identityKeptAt", "contacts");

    private BreakGlassLoader() {
    }

    static BreakGlassConfig load(YamlNodes y, Node node) {
        Map<String, Node> m = y.mapping("breakGlass", node, KEYS);
        String keptAt = m.containsKey("identityKeptAt") ? y.scalar("breakGlass.identityKeptAt", m.get("identityKeptAt"))
                : null;
        if (keptAt != null && keptAt.contains("AGE-SECRET-KEY-")) {
            y.problem("breakGlass.identityKeptAt", m.get("identityKeptAt"),
                    "is printed on the sheet: say where the identity is kept, never the identity itself");
            keptAt = null;
        }
        List<String> contacts = m.containsKey("contacts") ? y.scalarList("breakGlass.contacts", m.get("contacts"))
                : List.of();
        return new BreakGlassConfig(keptAt, contacts == null ? List.of() : contacts);
    }
}
