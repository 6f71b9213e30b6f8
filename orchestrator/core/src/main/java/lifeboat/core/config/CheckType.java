package lifeboat.core.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** The checks a restore test may name, and which kind of source each applies to. */
public enum CheckType {
    ROW_COUNTS_MATCH_BACKUP("row-counts-match-backup", true, Set.of()),
    SCHEMA_MATCHES_BACKUP("schema-matches-backup", true, Set.of()),
    TABLES_PRESENT("tables-present", true, Set.of("tables")),
    VIEWS_PRESENT("views-present", true, Set.of("views")),
    FUNCTIONS_PRESENT("functions-present", true, Set.of("functions")),
    SQL("sql", true, Set.of("name", "query", "expect", "expectRows")),
    FILES_MATCH_MANIFEST("files-match-manifest", false, Set.of()),
    PATHS_PRESENT("paths-present", false, Set.of("paths")),
    TOTALS_MATCH_BACKUP("totals-match-backup", false, Set.of());

    private final String label;
    private final boolean database;
    private final Set<String> keys;

    CheckType(String label, boolean database, Set<String> keys) {
        this.label = label;
        this.database = database;
        this.keys = keys;
    }

    public String label() {
        return label;
    }

    /** True for checks of database sources, false for file shares. */
    public boolean forDatabases() {
        return database;
    }

    /** Keys a check of this type takes besides {@code type}. */
    public Set<String> keys() {
        return keys;
    }

    public static Optional<CheckType> of(String label) {
        return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst();
    }
}
