package lifeboat.plugin.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Facts about one database that a restore must reproduce: every table's exact row count and a hash of its
 * schema. Catalog rows are read ordered with the "C" collation so the hash does not depend on the server's
 * locale, and without OIDs or attribute numbers, which a restore renumbers.
 */
final class PgFingerprint {
    private static final String USER_NS =
            "n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_(toast|temp)'";

    /** Each query yields text columns only; their rows feed the hash in the order given. */
    private static final List<String> SCHEMA_QUERIES = List.of(
            // relations: tables, partitioned tables, views, materialized views, sequences, foreign tables
            "select 'rel', n.nspname, c.relname, c.relkind::text from pg_class c"
                    + " join pg_namespace n on n.oid = c.relnamespace"
                    + " where c.relkind in ('r','p','v','m','S','f') and " + USER_NS
                    + " order by n.nspname collate \"C\", c.relname collate \"C\"",
            "select 'col', n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),"
                    + " a.attnotnull::text, coalesce(pg_get_expr(d.adbin, d.adrelid), ''), a.attidentity::text,"
                    + " a.attgenerated::text"
                    + " from pg_attribute a join pg_class c on c.oid = a.attrelid"
                    + " join pg_namespace n on n.oid = c.relnamespace"
                    + " left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum"
                    + " where a.attnum > 0 and not a.attisdropped and c.relkind in ('r','p','v','m','f') and "
                    + USER_NS + " order by n.nspname collate \"C\", c.relname collate \"C\", a.attnum",
            "select 'view', n.nspname, c.relname, pg_get_viewdef(c.oid) from pg_class c"
                    + " join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('v','m') and " + USER_NS
                    + " order by n.nspname collate \"C\", c.relname collate \"C\"",
            "select 'con', n.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid) from pg_constraint k"
                    + " join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace"
                    + " where " + USER_NS
                    + " order by n.nspname collate \"C\", c.relname collate \"C\", k.conname collate \"C\"",
            "select 'idx', n.nspname, c.relname, pg_get_indexdef(c.oid) from pg_index i"
                    + " join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace"
                    + " where " + USER_NS + " order by n.nspname collate \"C\", c.relname collate \"C\"",
            "select 'trg', n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid) from pg_trigger t"
                    + " join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace"
                    + " where not t.tgisinternal and " + USER_NS
                    + " order by n.nspname collate \"C\", c.relname collate \"C\", t.tgname collate \"C\"",
            "select 'fn', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), pg_get_functiondef(p.oid)"
                    + " from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                    + " where p.prokind in ('f','p') and " + USER_NS
                    + " order by n.nspname collate \"C\", p.proname collate \"C\","
                    + " pg_get_function_identity_arguments(p.oid) collate \"C\"",
            "select 'seq', n.nspname, c.relname, format_type(s.seqtypid, null), s.seqstart::text,"
                    + " s.seqincrement::text, s.seqmin::text, s.seqmax::text, s.seqcycle::text"
                    + " from pg_sequence s join pg_class c on c.oid = s.seqrelid"
                    + " join pg_namespace n on n.oid = c.relnamespace where " + USER_NS
                    + " order by n.nspname collate \"C\", c.relname collate \"C\"");

    private PgFingerprint() {
    }

    /** Row counts and schema hash, read in the connection's current transaction (and so its snapshot). */
    static Map<String, Object> of(Connection c) throws SQLException {
        var result = new LinkedHashMap<String, Object>();
        result.put("tables", rowCounts(c));
        result.put("schemaHash", schemaHash(c));
        return result;
    }

    static Map<String, Long> rowCounts(Connection c) throws SQLException {
        var tables = new TreeMap<String, String>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select n.nspname || '.' || c.relname,"
                        + " format('%I.%I', n.nspname, c.relname) from pg_class c"
                        + " join pg_namespace n on n.oid = c.relnamespace"
                        + " where c.relkind in ('r','p') and not c.relispartition and " + USER_NS)) {
            while (rs.next()) {
                tables.put(rs.getString(1), rs.getString(2));
            }
        }
        var counts = new LinkedHashMap<String, Long>();
        try (Statement st = c.createStatement()) {
            for (var e : tables.entrySet()) {
                try (ResultSet rs = st.executeQuery("select count(*) from " + e.getValue())) {
                    rs.next();
                    counts.put(e.getKey(), rs.getLong(1));
                }
            }
        }
        return counts;
    }

    static String schemaHash(Connection c) throws SQLException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (Statement st = c.createStatement()) {
            for (String q : SCHEMA_QUERIES) {
                try (ResultSet rs = st.executeQuery(q)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        var line = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            String v = rs.getString(i);
                            line.append(v == null ? "\\N" : v.replace("\\", "\\\\").replace("\t", "\\t"))
                                    .append(i == n ? '\n' : '\t');
                        }
                        sha.update(line.toString().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
