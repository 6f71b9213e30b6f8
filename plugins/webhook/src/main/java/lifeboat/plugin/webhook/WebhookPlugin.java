package lifeboat.plugin.webhook;

import java.util.List;
import lifeboat.spi.ChannelFactory;
import lifeboat.spi.Plugin;

/** Provides the {@code webhook} channel type: a JSON POST to a chat service's incoming webhook or any HTTP endpoint. */
public final class WebhookPlugin implements Plugin {
    @Override
    public List<ChannelFactory> channelFactories() {
        return List.of(new WebhookChannelFactory());
    }
}
