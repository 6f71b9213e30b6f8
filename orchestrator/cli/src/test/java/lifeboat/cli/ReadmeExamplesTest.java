package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lifeboat.core.config.ConfigException;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Every lifeboat.yaml example in README.md loads as written, with the sections it leaves out filled in. */
class ReadmeExamplesTest {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    private static final List<String> TOP = List.of("dataDir", "catalog", "schedulesDir", "restoreTestsDir",
            "storage", "sources", "scheduler", "recoveryPlans", "notifications", "retention", "timeZone");

    @TempDir
    Path dir;

    private static List<String> configBlocks() throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        List<String> out = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(readme);
        while (m.find()) {
            Object doc = new Yaml().loadAll(m.group(1)).iterator().next();
            // restore tests are documents of their own (source:, checks:), loaded by RestoreTestsLoader
            if (doc instanceof Map<?, ?> map && TOP.containsAll(map.keySet())) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    @Test
    void everySecretReference_usesTheEnvOrFileForm() throws Exception {
        List<String> blocks = configBlocks();
        assertThat(blocks).hasSizeGreaterThan(6);
        for (String block : blocks) {
            Matcher m = REFERENCE.matcher(block);
            while (m.find()) {
                assertThat(m.group(1)).as("in README:\n" + block).matches("(env|file):.+");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyConfigExample_loads() throws Exception {
        String identity = new X25519KeyPairGenerator().generateKeyPair().getPrivate().toString();
        for (String block : configBlocks()) {
            // files named by ${file:} are on the school's server, not here
            String text = block.replaceAll("\\$\\{file:[^}]*}", "\\${env:FROM_FILE}");
            Map<String, Object> doc = new LinkedHashMap<>((Map<String, Object>) new Yaml().load(text));
            doc.putIfAbsent("dataDir", dir.resolve("var").toString());
            add(doc, "storage", new Yaml().load("""
                    [{name: local, type: local, path: ./repo}, {name: offsite, type: local, path: ./offsite},
                     {name: nas, type: local, path: ./nas}]
                    """));
            add(doc, "sources", new Yaml().load("""
                    [{name: sis, type: files, path: ./sis, storage: [local]},
                     {name: library, type: files, path: ./lib, storage: [local]},
                     {name: staff-share, type: files, path: ./staff, storage: [local]},
                     {name: sis-db, type: postgres, host: 127.0.0.1, database: sis, user: postgres, storage: [local]},
                     {name: moodle-db, type: postgres, host: 127.0.0.1, database: moodle, user: postgres, storage: [local]}]
                    """));
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            Path file = Files.writeString(dir.resolve("lifeboat.yaml"), new Yaml(options).dump(doc));
            LifeboatConfig config;
            try {
                config = new ConfigLoader(PluginRegistry.load(), name -> name.equals("FROM_FILE") ? identity : "x")
                        .load(file);
            } catch (ConfigException e) {
                throw new AssertionError("README example does not load: " + e.problems() + "\n" + block, e);
            }
            assertThat(config.catalogUrl()).as(block).doesNotContain("${");
        }
    }

    /** The section's items plus those of {@code base} whose names it lacks. */
    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> doc, String section, Object base) {
        List<Map<String, Object>> items = new ArrayList<>((List<Map<String, Object>>) doc.getOrDefault(section, List.of()));
        for (Map<String, Object> b : (List<Map<String, Object>>) base) {
            if (items.stream().noneMatch(i -> b.get("name").equals(i.get("name")))) {
                items.add(b);
            }
        }
        doc.put(section, items);
    }
}
