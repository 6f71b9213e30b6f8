package lifeboat.support.db;

import static java.util.Objects.requireNonNull;

import java.sql.Driver;
import java.util.Map;

/**
 * A database plugin's JDBC driver and the connection properties it always sets.
 *
 * @param scheme the URL scheme after {@code jdbc:}, e.g. {@code postgresql}
 * @param unreachableState the SQLState reported when the database's port cannot be reached over SSH
 */
public record Jdbc(String scheme, Driver driver, Map<String, String> properties, String unreachableState) {
    public Jdbc {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(driver, "driver is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        requireNonNull(unreachableState, "unreachableState is null");
    }
}
