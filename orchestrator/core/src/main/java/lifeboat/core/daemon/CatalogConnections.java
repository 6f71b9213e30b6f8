package lifeboat.core.daemon;

import java.sql.Connection;
import java.sql.SQLException;
import lifeboat.core.catalog.Database;
import org.quartz.utils.ConnectionProvider;

/**
 * Quartz's connections to an H2 file catalog: a new one for every unit of work, made the way {@link Database} makes
 * them. A pooled connection to an H2 auto-server dies when the process serving the file ends (a {@code list} that
 * was running when the daemon started); a new connection reaches whichever process serves the file now, or opens it
 * here, riding out the handover. Quartz makes it by name (see {@link QuartzProperties}), hence public.
 */
public final class CatalogConnections implements ConnectionProvider {
    private String url;

    /** Set by Quartz from {@code org.quartz.dataSource.catalog.url}. */
    public void setUrl(String url) {
        this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return Database.connect(url);
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
