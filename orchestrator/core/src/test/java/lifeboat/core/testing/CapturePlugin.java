package lifeboat.core.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import lifeboat.spi.Channel;
import lifeboat.spi.ChannelFactory;
import lifeboat.spi.Delivery;
import lifeboat.spi.Notice;
import lifeboat.spi.Plugin;
import lifeboat.spi.PluginContext;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.Settings;

/** Test-only channel type {@code capture}: every notice sent lands in {@link #SENT}, for this JVM's tests to read. */
public final class CapturePlugin implements Plugin {
    public static final List<Notice> SENT = new CopyOnWriteArrayList<>();

    @Override
    public List<ChannelFactory> channelFactories() {
        return List.of(new ChannelFactory() {
            @Override
            public String type() {
                return "capture";
            }

            @Override
            public List<PropertySpec> properties() {
                return List.of();
            }

            @Override
            public Channel create(Settings settings, PluginContext context) {
                return new Channel() {
                    @Override
                    public String name() {
                        return settings.name();
                    }

                    @Override
                    public String location() {
                        return "this JVM";
                    }

                    @Override
                    public Delivery send(Notice notice) {
                        SENT.add(notice);
                        return new Delivery("captured");
                    }
                };
            }
        });
    }
}
