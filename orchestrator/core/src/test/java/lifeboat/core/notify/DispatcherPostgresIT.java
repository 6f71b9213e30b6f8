package lifeboat.core.notify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** The outbox's rules again, on a PostgreSQL catalog (127.0.0.1:5432, trust), as a cluster of daemons uses it. */
class DispatcherPostgresIT extends DispatcherTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private String db;

    @Override
    protected String newCatalogUrl() throws Exception {
        db = "lifeboat_dispatcher_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(SERVER + "postgres?user=postgres");
                Statement st = c.createStatement()) {
            st.execute("create database " + db);
        }
        return SERVER + db + "?user=postgres";
    }

    @Override
    protected void dropCatalog() throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres?user=postgres");
                Statement st = c.createStatement()) {
            st.execute("drop database if exists " + db + " with (force)");
        }
    }
}
