package lifeboat.plugin.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lifeboat.spi.Channel;
import lifeboat.spi.ChannelFactory;
import lifeboat.spi.PluginContext;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;

/**
 * Checks a webhook channel's configuration and opens it. Error messages name the channel and the property, never the
 * URL or a header value: both usually hold the token that lets anyone post to the chat.
 */
final class WebhookChannelFactory implements ChannelFactory {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public List<PropertySpec> properties() {
        return List.of(
                new PropertySpec("url", PropertyType.STRING, true, true,
                        "http or https URL to POST to; secret, because chat services put the token in the URL"),
                PropertySpec.optional("format", PropertyType.STRING,
                        "payload shape: " + Format.names() + "; default generic"),
                new PropertySpec("headers", PropertyType.STRING_LIST, false, true,
                        "extra request headers, each \"Name: value\", e.g. \"Authorization: Bearer ...\""),
                PropertySpec.optional("timeout", PropertyType.DURATION,
                        "connect and whole-request timeout; default 10s"));
    }

    @Override
    public Channel create(Settings settings, PluginContext context) {
        String channel = "webhook channel " + settings.name();
        URI url = url(channel, settings.requireString("url"));
        String formatName = settings.string("format").orElse(Format.GENERIC.configName());
        Format format = Format.named(formatName).orElseThrow(() -> new IllegalArgumentException(
                channel + ": unknown format '" + formatName + "'; use one of " + Format.names()));
        List<Header> headers = headers(channel, settings.list("headers"));
        Duration timeout = settings.duration("timeout").orElse(DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException(channel + ": timeout must be positive");
        }
        return new WebhookChannel(settings.name(), url, format, headers, timeout);
    }

    private static URI url(String channel, String value) {
        URI url;
        try {
            url = new URI(value.strip());
        } catch (URISyntaxException e) {
            // e's message quotes the whole URL, so it is not passed on
            throw new IllegalArgumentException(channel + ": property 'url' is not a valid URL");
        }
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException(channel + ": property 'url' must be an http:// or https:// URL");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException(channel + ": property 'url' has no valid host name");
        }
        if (url.getRawUserInfo() != null) {
            // The JDK client ignores user-info, so such a URL would only fail later with a puzzling 401.
            throw new IllegalArgumentException(channel
                    + ": property 'url' must not contain a user name or password; use headers: [\"Authorization: ...\"]");
        }
        return url;
    }

    private static List<Header> headers(String channel, List<String> lines) {
        List<Header> headers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).strip();
            String value = colon < 0 ? "" : line.substring(colon + 1).strip();
            if (name.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException(
                        channel + ": headers entry " + (i + 1) + " is not of the form \"Name: value\"");
            }
            try {
                // Let the HTTP client judge now rather than at the first send; its message is dropped as it may
                // quote the header.
                HttpRequest.newBuilder().header(name, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(channel + ": headers entry " + (i + 1)
                        + " cannot be sent (invalid or restricted header name, or a control character in the value)");
            }
            headers.add(new Header(name, value));
        }
        return List.copyOf(headers);
    }
}
