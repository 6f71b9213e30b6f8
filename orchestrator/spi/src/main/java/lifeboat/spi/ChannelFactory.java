package lifeboat.spi;

import java.io.IOException;
import java.util.List;

/** Creates notification channels of one {@link #type()}, e.g. {@code email} or {@code webhook}. */
public interface ChannelFactory {
    String type();

    /** Every property this type accepts besides {@code name} and {@code type}; any other key is a config error. */
    List<PropertySpec> properties();

    /** Opens a channel. Must not touch the network: channels are opened by every process that may raise an event. */
    Channel create(Settings settings, PluginContext context) throws IOException;
}
