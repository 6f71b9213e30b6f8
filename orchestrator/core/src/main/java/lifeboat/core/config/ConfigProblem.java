package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

/** One thing wrong with a configuration file, located by its YAML path and line (1-based; 0 when unknown). */
public record ConfigProblem(String file, String path, int line, String message) {
    public ConfigProblem {
        requireNonNull(file, "file is null");
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
