package lifeboat.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads an {@code encryption} mapping, on a source or on a storage target: the same keys and checks for both. */
final class EncryptionLoader {
    private EncryptionLoader() {
    }

    static EncryptionSpec read(LoadContext c, String path, Node node) {
        YamlNodes y = c.y();
        Map<String, Node> e = y.mapping(path, node, Set.of("recipients", "identity"));
        List<String> recipients = new ArrayList<>();
        if (e.containsKey("recipients")) {
            for (String r : y.scalarList(path + ".recipients", e.get("recipients"))) {
                recipients.add(c.expand(path + ".recipients", e.get("recipients"), r).trim());
            }
        }
        if (recipients.isEmpty()) {
            y.problem(path + ".recipients", e.getOrDefault("recipients", node), "list at least one age recipient (age1...)");
            return null;
        }
        String identity = null;
        if (e.containsKey("identity")) {
            String raw = y.scalar(path + ".identity", e.get("identity"));
            identity = raw == null ? null : ageKeyLine(c.expand(path + ".identity", e.get("identity"), raw));
            // a secret key written into the file would travel with every copy of the configuration
            if (identity != null && !c.secrets().hasReference(raw)) {
                y.problem(path + ".identity", e.get("identity"),
                        "give the secret key as ${file:PATH} or ${env:NAME}, not in the configuration file");
            }
        }
        try {
            return new EncryptionSpec(recipients, identity);
        } catch (IllegalArgumentException ex) {
            y.problem(path, node, ex.getMessage());
            return null;
        }
    }

    /**
     * Why a source's and a target's specs cannot both hold for the target's copy, or null when they agree. Two
     * different sets of recipients would leave one of them unable to read the copy, and which one is not something
     * a reader of the file should have to work out; the same recipients written twice are harmless.
     */
    static String conflict(String source, EncryptionSpec onSource, String target, EncryptionSpec onTarget) {
        if (onSource == null || onTarget == null) {
            return null;
        }
        if (!new HashSet<>(onSource.recipients()).equals(new HashSet<>(onTarget.recipients()))) {
            return "source '" + source + "' and its storage target '" + target + "' both set encryption, to different"
                    + " recipients: set it on the source to encrypt every copy, or on the target to encrypt only the"
                    + " copies there, not both";
        }
        if (onSource.identity() != null && onTarget.identity() != null
                && !Objects.equals(onSource.identity(), onTarget.identity())) {
            return "source '" + source + "' and its storage target '" + target + "' both set encryption.identity,"
                    + " to different keys: give the identity in one place";
        }
        return null;
    }

    /** age-keygen writes comment lines before the key; take the key line. */
    private static String ageKeyLine(String text) {
        for (String line : text.split("\\R")) {
            if (line.trim().startsWith("AGE-SECRET-KEY-")) {
                return line.trim();
            }
        }
        return text.trim();
    }
}
