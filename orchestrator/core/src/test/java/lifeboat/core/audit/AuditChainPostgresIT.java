package lifeboat.core.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The tamper tests and the two writers at once again, on a PostgreSQL catalog (127.0.0.1:5432, trust), as a cluster
 * of daemons shares it.
 */
class AuditChainPostgresIT extends AuditChainTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    @Override
    protected String newCatalogUrl() throws Exception {
        String db = "i17_audit_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(SERVER + "postgres?user=postgres");
                Statement st = c.createStatement()) {
            st.execute("create database " + db);
        }
        return SERVER + db + "?user=postgres";
    }
}
