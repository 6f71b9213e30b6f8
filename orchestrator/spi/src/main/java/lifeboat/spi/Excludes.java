package lifeboat.spi;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Glob patterns matched against paths relative to the share's root. A pattern without {@code /} also matches a
 * name at any depth, so {@code *.tmp} leaves out every {@code .tmp} file as a user expects. Shared by every
 * tree source so an {@code exclude} list means the same on a local share and a remote one. Immutable.
 */
public final class Excludes {
    private final List<PathMatcher> matchers;

    public Excludes(List<String> patterns) {
        var fs = FileSystems.getDefault();
        this.matchers = patterns.stream()
                .flatMap(p -> p.contains("/") ? List.of(p).stream() : List.of(p, "**/" + p).stream())
                .map(p -> fs.getPathMatcher("glob:" + p))
                .toList();
    }

    public boolean excluded(String relativePath) {
        if (matchers.isEmpty()) {
            return false;
        }
        Path p = Path.of(relativePath);
        for (PathMatcher m : matchers) {
            if (m.matches(p)) {
                return true;
            }
        }
        return false;
    }
}
