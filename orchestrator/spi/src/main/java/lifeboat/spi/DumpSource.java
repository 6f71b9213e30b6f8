package lifeboat.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A source that produces its own dump streams, such as a database. One backup holds one or more named dump
 * parts (for example {@code globals.sql} and {@code sis.pgdump}); the core compresses, hashes and stores each
 * part as an object as it streams.
 */
public non-sealed interface DumpSource extends Source {
    /** Receives the dump parts of one backup, one after the other. */
    interface DumpOutput {
        /**
         * Starts the next part. The stream is compressed, hashed and stored by the core; close it when the part
         * is complete. The name must be a plain file name (no {@code /}).
         *
         * @param compressed true when the bytes are already compressed and should be stored as they are
         */
        OutputStream part(String name, boolean compressed) throws IOException;
    }

    /** Reads back the parts of a stored backup. */
    interface DumpInput {
        List<String> parts();

        /** The part's bytes as the source wrote them (decompressed by the core). */
        InputStream open(String part) throws IOException;
    }

    /**
     * Writes a consistent dump of the source. Throws when the dump tool fails; the core then removes what was
     * stored.
     *
     * @return facts about the data captured with the dump (server version, tables and row counts, schema
     *     hash); stored in the backup's metadata and used by trial restores
     */
    Map<String, Object> dump(DumpOutput output, JobLog log) throws IOException;

    /**
     * Restores a backup into a database. The core checks each part's size and SHA-256 as it is read and throws
     * from the read at its end on a mismatch; so a plugin reads every part it uses to its end, and replaces or
     * drops no existing database until that and its tools succeeded (restore into a new database, then swap), so
     * that a corrupt backup leaves the target as it was.
     *
     * @param options restore options from the command line, e.g. {@code toDb}, {@code toHost}, {@code force}
     */
    void restore(DumpInput input, Map<String, String> options, JobLog log) throws IOException;

    /**
     * Computes, for databases as they are now, the same facts {@link #dump} returns, so a trial restore can
     * compare a restored database with the backup's fingerprint. Read-only.
     *
     * @param options which databases to examine, with the keys {@link #restore} takes ({@code toDb},
     *     {@code toHost}, {@code toPort}, {@code toUser}); empty means the source's own databases
     */
    default Map<String, Object> fingerprint(Map<String, String> options) throws IOException {
        throw new UnsupportedOperationException(name() + ": this source cannot fingerprint a live database");
    }

    /**
     * Runs one read-only query in a database, for trial-restore checks. The query runs in a read-only transaction
     * that is rolled back.
     *
     * @param options which database, with the keys {@link #restore} takes ({@code toDb}, {@code toHost}, ...)
     * @return the rows, each column as text (null for SQL NULL)
     */
    default List<List<String>> query(Map<String, String> options, String sql) throws IOException {
        throw new UnsupportedOperationException(name() + ": this source cannot run queries");
    }

    /**
     * {@link #query(Map, String)} bounded by a statement timeout, for probes of a live system: a query still running
     * after {@code timeout} is cancelled by the server and fails. Sources without a statement timeout run the
     * query unbounded (the core bounds the call itself as well).
     */
    default List<List<String>> query(Map<String, String> options, String sql, Duration timeout) throws IOException {
        return query(options, sql);
    }

    /**
     * Drops a database the core made for a trial restore; no error when it does not exist. Only ever called with
     * a {@code toDb} the core chose, never the source's own database.
     */
    default void dropDatabase(Map<String, String> options) throws IOException {
        throw new UnsupportedOperationException(name() + ": this source cannot drop databases");
    }
}
