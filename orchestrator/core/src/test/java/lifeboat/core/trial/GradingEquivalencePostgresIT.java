package lifeboat.core.trial;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The same comparison on a PostgreSQL catalog (127.0.0.1:5432, trust): its collation orders the targets' names
 * otherwise than H2, and the migration's statements are its own.
 */
class GradingEquivalencePostgresIT extends GradingEquivalenceTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private String name;

    @Override
    protected String newCatalogUrl() throws Exception {
        name = "lifeboat_grading_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(SERVER + "postgres?user=postgres");
                Statement st = c.createStatement()) {
            st.execute("create database " + name);
        }
        return SERVER + name + "?user=postgres";
    }

    @Override
    protected void dropCatalog() throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres?user=postgres");
                Statement st = c.createStatement()) {
            st.execute("drop database if exists " + name);
        }
    }
}
