package lifeboat.plugin.mariadb;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import lifeboat.spi.JobLog;
import lifeboat.support.db.DbEndpoint;

/**
 * Puts a restored schema in place of another, as far as MariaDB allows: it cannot rename a schema, and RENAME TABLE
 * moves tables between schemas (all in one atomic statement) but neither views nor tables that have triggers. So
 * the old schema's triggers, views, routines and events are dropped (their definitions kept), its tables moved to
 * a dated backup schema and the new ones moved in by one RENAME TABLE, and the new schema's views, triggers,
 * routines and events created again from their definitions. Every step has an undo; a failure undoes them all, so
 * the old schema is left as it was. The backup schema is dropped at the end.
 *
 * <p>A kill -9 leaves no undo to run, so before anything changes the backup schema gets a journal (the table
 * {@value #JOURNAL}): both schemas' table names and the definitions of their views, routines, triggers and events.
 * {@link #recover} reads it at the next restore: before the one RENAME TABLE the old schema is made whole again, after
 * it the new one is.
 */
final class SchemaSwap {
    /** The journal's table in the backup schema. */
    static final String JOURNAL = "_lifeboat_swap_journal_";

    private final DbEndpoint server;
    private final Connection admin;
    private final JobLog log;
    private final Deque<Undo> undo = new ArrayDeque<>();

    SchemaSwap(DbEndpoint server, Connection admin, JobLog log) {
        this.server = server;
        this.admin = admin;
        this.log = log;
    }

    /** A statement to run again, with the sql_mode it was made under (null: the session's). */
    record Definition(String kind, String name, String sqlMode, String sql) {
    }

    @FunctionalInterface
    private interface Undo {
        void run() throws SQLException;
    }

    /** Moves everything of {@code scratch} into {@code live}, which exists; {@code backup} does not yet. */
    void swap(String scratch, String live, String backup) throws SQLException, IOException {
        try (Connection s = server.connect(scratch); Connection l = server.connect(live)) {
            List<String> newTables = tables(scratch);
            List<Definition> newDefs = definitions(s, scratch);
            List<String> oldTables = tables(live);
            List<Definition> oldDefs = definitions(l, live);
            try {
                exec(admin, "create database " + q(backup));
                undo.push(() -> exec(admin, "drop database if exists " + q(backup)));
                writeJournal(backup, oldTables, oldDefs, newTables, newDefs);
                var dropped = new ArrayList<Definition>();
                undo.push(() -> create(l, dropped, false));
                for (Definition d : oldDefs) {
                    exec(l, "drop " + d.kind() + " " + q(d.name()));
                    dropped.add(d);
                }
                for (Definition d : newDefs) {
                    if (d.kind().equals("trigger")) {
                        exec(s, "drop trigger " + q(d.name())); // a table with triggers cannot change schema
                    }
                }
                var forth = new ArrayList<String>();
                var back = new ArrayList<String>();
                for (String t : oldTables) {
                    forth.add(q(live) + "." + q(t) + " to " + q(backup) + "." + q(t));
                }
                for (String t : newTables) {
                    forth.add(q(scratch) + "." + q(t) + " to " + q(live) + "." + q(t));
                    back.add(q(live) + "." + q(t) + " to " + q(scratch) + "." + q(t));
                }
                for (String t : oldTables) {
                    back.add(q(backup) + "." + q(t) + " to " + q(live) + "." + q(t));
                }
                if (!forth.isEmpty()) {
                    exec(admin, "rename table " + String.join(", ", forth));
                    undo.push(() -> exec(admin, "rename table " + String.join(", ", back)));
                }
                create(l, newDefs, true);
            } catch (SQLException | RuntimeException e) {
                rollBack(e);
                throw e;
            }
            undo.clear();
            try {
                exec(admin, "drop database " + q(backup));
            } catch (SQLException e) {
                log.warn("the restored tables replaced those of '" + live + "'; the previous ones, moved to '"
                        + backup + "', could not be dropped; drop it by hand: " + e.getMessage());
            }
        }
    }

    /** One statement, so the journal is whole or absent. */
    void writeJournal(String backup, List<String> oldTables, List<Definition> oldDefs,
            List<String> newTables, List<Definition> newDefs) throws SQLException {
        exec(admin, "create table " + q(backup) + "." + q(JOURNAL) + " (seq int primary key, side varchar(3) not null,"
                + " kind varchar(16) not null, name varchar(64) not null, sql_mode text, definition longtext)"
                + " character set utf8mb4");
        var rows = new ArrayList<Object[]>();
        for (String t : oldTables) {
            rows.add(new Object[] {"old", "table", t, null, null});
        }
        for (Definition d : oldDefs) {
            rows.add(new Object[] {"old", d.kind(), d.name(), d.sqlMode(), d.sql()});
        }
        for (String t : newTables) {
            rows.add(new Object[] {"new", "table", t, null, null});
        }
        for (Definition d : newDefs) {
            rows.add(new Object[] {"new", d.kind(), d.name(), d.sqlMode(), d.sql()});
        }
        if (rows.isEmpty()) {
            return;
        }
        var sql = new StringBuilder("insert into " + q(backup) + "." + q(JOURNAL) + " values ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
        }
        try (PreparedStatement ps = admin.prepareStatement(sql.toString())) {
            int p = 1;
            for (int i = 0; i < rows.size(); i++) {
                ps.setInt(p++, i);
                for (Object v : rows.get(i)) {
                    ps.setString(p++, (String) v);
                }
            }
            ps.execute();
        }
    }

    /**
     * Finishes, in the one safe direction, a swap into {@code live} that was killed half way and left
     * {@code backup}: while the old tables were still in {@code live}, the old views, routines, triggers and events
     * the swap had dropped are created again and {@code backup} is dropped; once the one RENAME TABLE had moved
     * them to {@code backup}, the restored schema's missing objects are created in {@code live} and {@code backup}
     * is kept, with the previous tables, for someone to check. A missing {@code live} gets the tables of
     * {@code backup} back. Nothing that holds rows is dropped.
     *
     * @return what it did, naming both schemas
     */
    String recover(String backup, String live) throws SQLException, IOException {
        var journal = readJournal(backup);
        List<String> inBackup = tables(backup).stream().filter(t -> !t.equals(JOURNAL)).toList();
        boolean liveExists = !names(admin, "select schema_name from information_schema.schemata"
                + " where schema_name = ?", live).isEmpty();
        if (!liveExists) {
            exec(admin, "create database " + q(live));
            if (!inBackup.isEmpty()) {
                var back = new ArrayList<String>();
                for (String t : inBackup) {
                    back.add(q(backup) + "." + q(t) + " to " + q(live) + "." + q(t));
                }
                exec(admin, "rename table " + String.join(", ", back));
            }
            int made = createMissing(live, journal.defs("old"));
            exec(admin, "drop database " + q(backup));
            return "database '" + live + "' on " + server + " was missing after an interrupted restore; its "
                    + inBackup.size() + " tables and " + made + " views, routines, triggers and events are back from '"
                    + backup + "'";
        }
        List<String> inLive = tables(live);
        boolean moved = !journal.tables("old").isEmpty() ? journal.tables("old").stream().anyMatch(inBackup::contains)
                : !journal.tables("new").isEmpty() ? journal.tables("new").stream().anyMatch(inLive::contains)
                : journal.defs("new").stream().anyMatch(d -> existsIn(live, d));
        if (!moved) {
            if (!inBackup.isEmpty()) {
                return "schema '" + backup + "' on " + server + " holds tables an interrupted restore of '" + live
                        + "' did not move; kept: check it and drop it by hand";
            }
            int made = createMissing(live, journal.defs("old"));
            exec(admin, "drop database " + q(backup));
            return "an interrupted restore had not yet replaced the tables of '" + live + "' on " + server + "; put"
                    + " back " + made + " of its views, routines, triggers and events and dropped '" + backup + "'";
        }
        int made = createMissing(live, journal.defs("new"));
        return "an interrupted restore had already moved the restored tables into '" + live + "' on " + server
                + " and created " + made + " missing views, routines, triggers and events; the previous tables are"
                + " kept in '" + backup + "': check '" + live + "' and drop '" + backup + "' by hand";
    }

    /** The journal's rows; none when the swap was killed before it was written (then nothing had changed). */
    private Journal readJournal(String backup) throws SQLException {
        var rows = new ArrayList<String[]>();
        if (tables(backup).contains(JOURNAL)) {
            try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("select side, kind, name,"
                    + " sql_mode, definition from " + q(backup) + "." + q(JOURNAL) + " order by seq")) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)});
                }
            }
        }
        return new Journal(rows);
    }

    private record Journal(List<String[]> rows) {
        List<String> tables(String side) {
            return rows.stream().filter(r -> r[0].equals(side) && r[1].equals("table")).map(r -> r[2]).toList();
        }

        List<Definition> defs(String side) {
            return rows.stream().filter(r -> r[0].equals(side) && !r[1].equals("table"))
                    .map(r -> new Definition(r[1], r[2], r[3], r[4])).toList();
        }
    }

    /** Creates those of {@code defs} that {@code schema} lacks; how many. */
    private int createMissing(String schema, List<Definition> defs) throws SQLException {
        var missing = new ArrayList<Definition>();
        for (Definition d : defs) {
            if (!existsIn(schema, d)) {
                missing.add(d);
            }
        }
        if (!missing.isEmpty()) {
            try (Connection c = server.connect(schema)) {
                create(c, missing, false);
            }
        }
        return missing.size();
    }

    private boolean existsIn(String schema, Definition d) {
        String sql = switch (d.kind()) {
            case "view" -> "select 1 from information_schema.views where table_schema = ? and table_name = ?";
            case "trigger" -> "select 1 from information_schema.triggers where trigger_schema = ? and trigger_name = ?";
            case "event" -> "select 1 from information_schema.events where event_schema = ? and event_name = ?";
            default -> "select 1 from information_schema.routines where routine_schema = ? and routine_name = ?"
                    + " and routine_type = '" + d.kind().toUpperCase(Locale.ROOT) + "'";
        };
        try (PreparedStatement ps = admin.prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, d.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private void rollBack(Exception e) {
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (SQLException | RuntimeException failed) {
                e.addSuppressed(failed);
            }
        }
    }

    /**
     * Creates the objects on {@code c} (connected to the target schema), registering their undo if asked. Views may
     * depend on views: what fails is tried again after the rest, as long as each round makes progress.
     */
    private void create(Connection c, List<Definition> defs, boolean undoable) throws SQLException {
        List<Definition> left = new ArrayList<>(defs);
        while (!left.isEmpty()) {
            var failed = new ArrayList<Definition>();
            SQLException first = null;
            for (Definition d : left) {
                try {
                    if (d.sqlMode() != null) {
                        try (PreparedStatement ps = c.prepareStatement("set session sql_mode = ?")) {
                            ps.setString(1, d.sqlMode());
                            ps.execute();
                        }
                    }
                    exec(c, d.sql());
                    if (undoable) {
                        undo.push(() -> exec(c, "drop " + d.kind() + " if exists " + q(d.name())));
                    }
                } catch (SQLException e) {
                    failed.add(d);
                    first = first == null ? e : first;
                }
            }
            if (failed.size() == left.size()) {
                throw first;
            }
            left = failed;
        }
    }

    private List<String> tables(String schema) throws SQLException {
        return names(admin, "select table_name from information_schema.tables where table_schema = ?"
                + " and table_type <> 'VIEW' order by table_name", schema);
    }

    /**
     * The views, triggers, routines and events of the schema {@code c} is connected to, in the order they can be
     * created (views first, then routines, triggers and events); names come unqualified from a session in it.
     */
    private static List<Definition> definitions(Connection c, String schema) throws SQLException {
        var defs = new ArrayList<Definition>();
        for (String v : names(c, "select table_name from information_schema.views where table_schema = ?"
                + " order by table_name", schema)) {
            defs.add(new Definition("view", v, null, show(c, "show create view " + q(v), 2)));
        }
        try (PreparedStatement ps = c.prepareStatement("select routine_type, routine_name from"
                + " information_schema.routines where routine_schema = ? and routine_type in ('PROCEDURE', 'FUNCTION')"
                + " order by routine_type, routine_name")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(1).toLowerCase(Locale.ROOT);
                    String n = rs.getString(2);
                    defs.add(new Definition(kind, n, mode(c, "show create " + kind + " " + q(n)),
                            show(c, "show create " + kind + " " + q(n), 3)));
                }
            }
        }
        for (String t : names(c, "select trigger_name from information_schema.triggers where trigger_schema = ?"
                + " order by event_object_table, action_order", schema)) {
            defs.add(new Definition("trigger", t, mode(c, "show create trigger " + q(t)),
                    show(c, "show create trigger " + q(t), 3)));
        }
        for (String e : names(c, "select event_name from information_schema.events where event_schema = ?"
                + " order by event_name", schema)) {
            defs.add(new Definition("event", e, mode(c, "show create event " + q(e)),
                    show(c, "show create event " + q(e), 4)));
        }
        return defs;
    }

    private static String show(Connection c, String sql, int column) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next() || rs.getString(column) == null) {
                throw new SQLException("'" + sql + "' gave no definition (missing privilege?)");
            }
            return rs.getString(column);
        }
    }

    private static String mode(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString("sql_mode") : null;
        }
    }

    private static List<String> names(Connection c, String sql, String schema) throws SQLException {
        var out = new ArrayList<String>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String q(String ident) {
        return MariaDbFingerprint.quote(ident);
    }
}
