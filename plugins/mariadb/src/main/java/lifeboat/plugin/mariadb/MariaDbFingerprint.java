package lifeboat.plugin.mariadb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Facts about one database that a restore must reproduce: every base table's exact row count and a hash of its
 * schema from information_schema. Rows are ordered by binary name so the hash does not depend on collations;
 * the database's own name is cut out of view definitions so a copy restored under another name hashes the same.
 */
final class MariaDbFingerprint {
    private static final List<String> SCHEMA_QUERIES = List.of(
            "select 'tbl', table_name, table_type, coalesce(engine, ''), coalesce(table_collation, '')"
                    + " from information_schema.tables where table_schema = ? order by binary table_name",
            "select 'col', table_name, column_name, column_type, is_nullable, coalesce(column_default, '\\\\N'),"
                    + " extra, coalesce(character_set_name, ''), coalesce(collation_name, '')"
                    + " from information_schema.columns where table_schema = ?"
                    + " order by binary table_name, ordinal_position",
            "select 'view', table_name, view_definition, check_option, security_type"
                    + " from information_schema.views where table_schema = ? order by binary table_name",
            "select 'idx', table_name, index_name, seq_in_index, column_name, non_unique, coalesce(sub_part, ''),"
                    + " index_type from information_schema.statistics where table_schema = ?"
                    + " order by binary table_name, binary index_name, seq_in_index",
            "select 'con', table_name, constraint_name, constraint_type from information_schema.table_constraints"
                    + " where constraint_schema = ? order by binary table_name, binary constraint_name",
            "select 'chk', table_name, constraint_name, check_clause from information_schema.check_constraints"
                    + " where constraint_schema = ? order by binary table_name, binary constraint_name",
            "select 'fk', table_name, constraint_name, referenced_table_name, update_rule, delete_rule"
                    + " from information_schema.referential_constraints where constraint_schema = ?"
                    + " order by binary table_name, binary constraint_name",
            "select 'rtn', routine_type, routine_name, coalesce(dtd_identifier, ''), routine_definition,"
                    + " is_deterministic, sql_data_access, security_type from information_schema.routines"
                    + " where routine_schema = ? order by routine_type, binary routine_name",
            "select 'prm', specific_name, ordinal_position, coalesce(parameter_mode, ''),"
                    + " coalesce(parameter_name, ''), dtd_identifier from information_schema.parameters"
                    + " where specific_schema = ? order by binary specific_name, routine_type, ordinal_position",
            "select 'trg', trigger_name, event_manipulation, event_object_table, action_timing, action_order,"
                    + " action_statement from information_schema.triggers where trigger_schema = ?"
                    + " order by binary trigger_name",
            "select 'evt', event_name, event_definition, event_type, coalesce(interval_value, ''),"
                    + " coalesce(interval_field, ''), status from information_schema.events where event_schema = ?"
                    + " order by binary event_name");

    private MariaDbFingerprint() {
    }

    static Map<String, Object> of(Connection c, String db) throws SQLException {
        var result = new LinkedHashMap<String, Object>();
        result.put("tables", rowCounts(c, db));
        result.put("schemaHash", schemaHash(c, db));
        return result;
    }

    static Map<String, Long> rowCounts(Connection c, String db) throws SQLException {
        var tables = new ArrayList<String>();
        try (PreparedStatement ps = c.prepareStatement("select table_name from information_schema.tables"
                + " where table_schema = ? and table_type = 'BASE TABLE' order by binary table_name")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        var counts = new LinkedHashMap<String, Long>();
        try (Statement st = c.createStatement()) {
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("select count(*) from " + quote(db) + "." + quote(t))) {
                    rs.next();
                    counts.put(t, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    static String schemaHash(Connection c, String db) throws SQLException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String qualifier = quote(db) + ".";
        for (String q : SCHEMA_QUERIES) {
            try (PreparedStatement ps = c.prepareStatement(q)) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        var line = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            String v = rs.getString(i);
                            v = v == null ? "\\N" : v.replace(qualifier, "").replace("\\", "\\\\").replace("\t", "\\t");
                            line.append(v).append(i == n ? '\n' : '\t');
                        }
                        sha.update(line.toString().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
