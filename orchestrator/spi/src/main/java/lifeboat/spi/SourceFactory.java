package lifeboat.spi;

import java.io.IOException;
import java.util.List;

/** Creates sources of one {@link #type()}, e.g. {@code files} or {@code postgres}. */
public interface SourceFactory {
    String type();

    /** Every property this type accepts besides the core's own ({@code name, type, storage, rpo, tags}). */
    List<PropertySpec> properties();

    Source create(Settings settings, PluginContext context) throws IOException;
}
