package lifeboat.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lifeboat.core.catalog.AuditRecord;
import lifeboat.core.catalog.AuditStore;
import lifeboat.core.config.LifeboatConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration in force, for the audit log: the configuration file, the schedules and the restore tests, each
 * hashed, and one hash over them all. When it differs from the last one recorded, the entry also holds the files'
 * text and what changed, line by line, with the values of passwords, secrets, tokens and keys masked.
 */
public final class ConfigInForce {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigInForce.class);
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?i)^(\\s*-?\\s*[\\w.-]*(password|secret|token|passphrase|private|key|identity)[\\w.-]*\\s*:\\s*)\\S.*$");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s]+");

    private ConfigInForce() {
    }

    /** Appends the configuration in force as {@code actor} found it; never throws. */
    public static void record(LifeboatConfig config, AuditStore store, AuditLog log, Actor actor) {
        try {
            Map<String, String> texts = read(config);
            Map<String, String> hashes = new TreeMap<>();
            texts.forEach((name, text) -> hashes.put(name, Canonical.sha256(text)));
            String hash = Canonical.sha256(Canonical.json(hashes));
            Optional<AuditRecord> last = store.latest(AuditType.CONFIG.label());
            if (last.isPresent() && hash.equals(event(last.get()).path("hash").asText())) {
                log.append(actor, AuditEvent.of(AuditType.CONFIG, null, "hash", hash, "changed", false));
                return;
            }
            Map<String, String> masked = new TreeMap<>();
            texts.forEach((name, text) -> masked.put(name, mask(text)));
            Map<String, String> before = new TreeMap<>();
            Optional<AuditRecord> previous = store.latestContaining(AuditType.CONFIG.label(), "\"text\":{");
            if (previous.isPresent()) {
                event(previous.get()).path("text").fields().forEachRemaining(e -> before.put(e.getKey(),
                        e.getValue().asText()));
            }
            log.append(actor, AuditEvent.of(AuditType.CONFIG, null, "hash", hash, "changed", true, "files", hashes,
                    "text", masked, "diff", previous.isPresent() ? diff(before, masked) : null));
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warn("audit log: cannot record the configuration in force: {}", e.toString());
        }
    }

    private static JsonNode event(AuditRecord r) throws JsonProcessingException {
        return Canonical.MAPPER.readTree(r.entry()).path("event");
    }

    /** The files that make up the configuration, by name (relative to the configuration file's directory). */
    static Map<String, String> read(LifeboatConfig config) throws IOException {
        Map<String, String> texts = new TreeMap<>();
        Path base = config.file().toAbsolutePath().getParent();
        texts.put(config.file().getFileName().toString(), Files.readString(config.file(), StandardCharsets.UTF_8));
        for (Path dir : new Path[] {config.schedulesDir(), config.restoreTestsDir()}) {
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted().toList()) {
                    Path abs = f.toAbsolutePath();
                    String name = base != null && abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
                    texts.put(name, Files.readString(f, StandardCharsets.UTF_8));
                }
            }
        }
        return texts;
    }

    static String mask(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String m = SECRET_VALUE.matcher(line).matches() ? SECRET_VALUE.matcher(line).replaceAll("$1***") : line;
            out.append(URL_PASSWORD.matcher(m).replaceAll("$1***")).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /** Lines gone ({@code - file: line}) and lines new ({@code + file: line}), file by file. */
    static List<String> diff(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            List<String> a = lines(before.get(name));
            List<String> b = lines(after.get(name));
            a.stream().filter(l -> !b.contains(l)).forEach(l -> out.add("- " + name + ": " + l));
            b.stream().filter(l -> !a.contains(l)).forEach(l -> out.add("+ " + name + ": " + l));
        }
        return out;
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : List.of(text.split("\n"));
    }
}
