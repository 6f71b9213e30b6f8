package lifeboat.plugin.email;

import java.util.List;
import lifeboat.spi.ChannelFactory;
import lifeboat.spi.Plugin;

/** Provides the {@code email} notification channel: SMTP, optionally over STARTTLS or TLS, with optional login. */
public final class EmailPlugin implements Plugin {
    @Override
    public List<ChannelFactory> channelFactories() {
        return List.of(new EmailChannelFactory());
    }
}
