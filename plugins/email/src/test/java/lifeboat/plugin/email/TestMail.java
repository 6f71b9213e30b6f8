package lifeboat.plugin.email;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lifeboat.spi.Channel;
import lifeboat.spi.ChannelFactory;
import lifeboat.spi.PluginContext;
import lifeboat.spi.Settings;

/** Builds email channels the way the core would, and reads what GreenMail received. */
final class TestMail {
    static final String USER = "lifeboat";
    static final String PASSWORD = "Tr0ub4dor-secret";
    static final String FROM = "lifeboat@school.example";

    private TestMail() {
    }

    /** Settings for a channel to loopback with one recipient, the given entries added or replacing defaults. */
    static Map<String, Object> settings(int port, Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>();
        v.put("host", "127.0.0.1");
        v.put("port", (long) port);
        v.put("security", "none");
        v.put("from", FROM);
        v.put("to", List.of("it@school.example"));
        v.putAll(extra);
        v.values().removeIf(x -> x == NONE);
        return v;
    }

    /** Put this as a value in {@code extra} to remove the key. */
    static final Object NONE = new Object();

    static Channel channel(String name, Map<String, Object> values) throws IOException {
        return factory().create(new Settings(name, "email", values), context());
    }

    static ChannelFactory factory() {
        return new EmailPlugin().channelFactories().get(0);
    }

    static PluginContext context() {
        return () -> Path.of("target");
    }

    /** A loopback port where, a moment ago, nothing listened. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The subject and every text part, decoded, as a reader would see them. */
    static String text(MimeMessage m) throws Exception {
        StringBuilder b = new StringBuilder(m.getSubject()).append('\n');
        appendText(m, b);
        return b.toString();
    }

    static List<String> texts(MimeMessage[] messages) throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : messages) {
            out.add(text(m));
        }
        return out;
    }

    /** The text of the first part of the given MIME type, e.g. {@code text/html}, or null. */
    static String part(Part p, String mimeType) throws Exception {
        if (p.isMimeType(mimeType)) {
            // lines travel as CRLF; compare them as Java text
            return ((String) p.getContent()).replace("\r\n", "\n");
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                String found = part(mp.getBodyPart(i), mimeType);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static void appendText(Part p, StringBuilder b) throws Exception {
        if (p.isMimeType("text/*")) {
            b.append(p.getContent()).append('\n');
        } else if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart part = mp.getBodyPart(i);
                appendText(part, b);
            }
        }
    }
}
