package lifeboat.spi;

import java.io.IOException;
import java.util.List;

/** Creates storage targets of one {@link #type()}, e.g. {@code local} or {@code s3}. */
public interface StorageFactory {
    String type();

    /** Every property this type accepts besides {@code name} and {@code type}; any other key is a config error. */
    List<PropertySpec> properties();

    /** Opens a target. Should not touch the network or disk beyond what is needed to fail fast on bad settings. */
    Storage create(Settings settings, PluginContext context) throws IOException;
}
