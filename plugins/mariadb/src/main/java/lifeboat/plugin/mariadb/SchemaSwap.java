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
 */
final class SchemaSwap {
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
    private record Definition(String kind, String name, String sqlMode, String sql) {
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
