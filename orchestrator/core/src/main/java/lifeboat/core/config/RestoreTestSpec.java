package lifeboat.core.config;

import lifeboat.core.config.CheckSpec;

import java.util.List;

/** The checks declared for one source in {@code restoreTestsDir}. */
public record RestoreTestSpec(String source, String file, int line, List<CheckSpec> checks) {
    public RestoreTestSpec {
        checks = List.copyOf(checks);
    }
}
