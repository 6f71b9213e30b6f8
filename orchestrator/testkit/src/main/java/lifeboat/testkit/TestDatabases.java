package lifeboat.testkit;

import java.sql.Connection;
import java.util.Map;

/**
 * Scratch databases on a test server for the database suites: uniquely named, and dropped by {@link #dropAll()}.
 * The empty database name means no database in particular.
 */
public interface TestDatabases {
    /** Creates an empty database named {@code prefix} and a random suffix. */
    String create(String prefix) throws Exception;

    /** Names a database the test will make by other means, so it is dropped too. */
    String name(String prefix);

    void dropAll();

    /** Runs statements separated by {@code ;} and a blank. */
    void exec(String db, String sql) throws Exception;

    long queryLong(String db, String sql) throws Exception;

    /** Loads a test resource of SQL with the server's command line client. */
    void loadResource(String db, String resource) throws Exception;

    /** Every table's row count and content digest, to compare two databases. */
    Map<String, String> tableDigests(String db) throws Exception;

    Connection connect(String db) throws Exception;
}
