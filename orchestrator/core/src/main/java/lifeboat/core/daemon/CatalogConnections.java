package lifeboat.core.daemon;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import lifeboat.core.catalog.Database;
import org.quartz.utils.ConnectionProvider;

/**
 * Quartz's connections to an H2 file catalog: a new one for every unit of work, made the way {@link Database} makes
 * them. A pooled connection to an H2 auto-server dies when the process serving the file ends (a {@code list} that
 * was running when the daemon started); a new connection reaches whichever process serves the file now, or opens it
 * here, riding out the handover. Quartz makes it by name (see {@link QuartzProperties}), hence public.
 */
public final class CatalogConnections implements ConnectionProvider {
    private static final Set<String> CLEAN_UP = Set.of("rollback", "setAutoCommit", "close");
    private String url;

    /** Set by Quartz from {@code org.quartz.dataSource.catalog.url}. */
    public void setUrl(String url) {
        this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = Database.connect(url);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        // a connection broken by a handover has lost its transaction already: Quartz's clean-up of
                        // it (roll back, reset auto-commit, close) has nothing left to do, and would only log H2's
                        // error; the statement that broke still fails, and Quartz runs its unit of work again
                        if (CLEAN_UP.contains(method.getName()) && Database.isHandover(e.getCause())) {
                            return null;
                        }
                        throw e.getCause();
                    }
                });
    }

    @Override
    public void shutdown() {
        // nothing pooled, nothing to close
    }

    @Override
    public void initialize() {
        if (url == null) {
            throw new IllegalStateException("CatalogConnections needs org.quartz.dataSource.catalog.url");
        }
    }
}
