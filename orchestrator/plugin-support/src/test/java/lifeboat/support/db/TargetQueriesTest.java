package lifeboat.support.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The queries the plugins' restore targets list databases and count sessions with, on an in-memory H2. */
class TargetQueriesTest {
    private static Connection withDatabases() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:");
        try (Statement st = c.createStatement()) {
            st.execute("create table dbs (name varchar(64), sessions int)");
            st.execute("insert into dbs values ('school', 2), ('school_lbnew_20260101000000_a1b2', 0), ('library', 1)");
        }
        return c;
    }

    @Test
    void firstColumn_everyRowInOrder_withItsParameters() throws SQLException {
        try (Connection c = withDatabases()) {
            assertThat(DatabaseSource.firstColumn(c, "select name from dbs order by name"))
                    .containsExactly("library", "school", "school_lbnew_20260101000000_a1b2");
            assertThat(DatabaseSource.firstColumn(c, "select name from dbs where name like ? and sessions > ?"
                    + " order by name", "school%", "0")).containsExactly("school");
            assertThat(DatabaseSource.firstColumn(c, "select name from dbs where name = ?", "nowhere")).isEmpty();
        }
    }

    @Test
    void count_theCountWithItsParameters() throws SQLException {
        try (Connection c = withDatabases()) {
            assertThat(DatabaseSource.count(c, "select sum(sessions) from dbs where name <> ?", "library")).isEqualTo(2);
            assertThat(DatabaseSource.count(c, "select count(*) from dbs where name = ?", "nowhere")).isZero();
        }
    }

    @Test
    void aParameterTooMany_fails_andTheConnectionStaysUsable() throws SQLException {
        try (Connection c = withDatabases()) {
            assertThatThrownBy(() -> DatabaseSource.count(c, "select count(*) from dbs", "extra"))
                    .isInstanceOf(SQLException.class);
            assertThat(DatabaseSource.count(c, "select count(*) from dbs")).isEqualTo(3);
        }
    }
}
