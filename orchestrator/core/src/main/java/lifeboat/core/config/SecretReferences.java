package lifeboat.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${env:NAME}} and {@code ${file:PATH}} in configuration values, so that secrets stay out of the
 * file. A file's trailing line break is dropped. Messages name the reference, never its value.
 */
final class SecretReferences {
    private static final Pattern REF = Pattern.compile("\\$\\{(env|file):([^}]*)}");

    private final Function<String, String> env;
    private final Path baseDir;

    SecretReferences(Function<String, String> env, Path baseDir) {
        this.env = env;
        this.baseDir = baseDir;
    }

    static SecretReferences system(Path baseDir) {
        Map<String, String> env = System.getenv();
        return new SecretReferences(env::get, baseDir);
    }

    boolean hasReference(String value) {
        return value != null && REF.matcher(value).find();
    }

    String expand(String value) {
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String kind = m.group(1);
            String ref = m.group(2).trim();
            String resolved = kind.equals("env") ? fromEnv(ref) : fromFile(ref);
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String fromEnv(String name) {
        String v = env.apply(name);
        if (v == null) {
            throw new IllegalArgumentException("environment variable " + name + " (from ${env:" + name + "}) is not set");
        }
        return v;
    }

    private String fromFile(String file) {
        Path p = baseDir.resolve(file);
        try {
            String v = Files.readString(p, StandardCharsets.UTF_8);
            return v.endsWith("\r\n") ? v.substring(0, v.length() - 2) : v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read secret file " + p + " (from ${file:" + file + "}): "
                    + e.getClass().getSimpleName());
        }
    }
}
