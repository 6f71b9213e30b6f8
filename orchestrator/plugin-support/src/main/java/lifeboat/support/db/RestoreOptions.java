package lifeboat.support.db;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options a database restore, fingerprint or query accepts (see {@code DumpSource#restore}): where to
 * ({@code toDb}, {@code toHost}, {@code toPort}, {@code toUser}), {@code force}, and a plugin's own true/false
 * flags.
 */
public record RestoreOptions(String toDb, String toHost, String toPort, String toUser, boolean force,
        Map<String, Boolean> flags) {
    private static final List<String> COMMON_KEYS = List.of("toDb", "toHost", "toPort", "toUser", "force");

    public RestoreOptions {
        flags = Map.copyOf(requireNonNull(flags, "flags is null"));
    }

    /**
     * @param flagDefaults the plugin's own flags and their defaults, in the order an error message lists them
     * @throws IllegalArgumentException naming an unknown key or a malformed value
     */
    public static RestoreOptions parse(Map<String, String> options, Map<String, Boolean> flagDefaults) {
        var known = new ArrayList<>(COMMON_KEYS);
        known.addAll(flagDefaults.keySet());
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown restore option '" + key + "'; known: " + known);
            }
        }
        String port = blankToNull(options.get("toPort"));
        if (port != null && !port.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("toPort must be a port number, not '" + port + "'");
        }
        var flags = new LinkedHashMap<String, Boolean>();
        flagDefaults.forEach((key, dflt) -> flags.put(key, bool(options, key, dflt)));
        return new RestoreOptions(blankToNull(options.get("toDb")), blankToNull(options.get("toHost")), port,
                blankToNull(options.get("toUser")), bool(options, "force", false), flags);
    }

    public boolean flag(String key) {
        Boolean value = flags.get(key);
        if (value == null) {
            throw new IllegalArgumentException("not a flag of this source: " + key);
        }
        return value;
    }

    /** The server these options point at, starting from the source's own. */
    public DbEndpoint target(DbEndpoint source) {
        return source.withOverrides(toHost, toPort, toUser);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static boolean bool(Map<String, String> options, String key, boolean dflt) {
        String v = blankToNull(options.get(key));
        if (v == null) {
            return dflt;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, not '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }
}
