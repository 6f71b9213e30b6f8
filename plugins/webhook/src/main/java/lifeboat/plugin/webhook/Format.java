package lifeboat.plugin.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import lifeboat.spi.Notice;

/** The JSON shapes a webhook can take, one per service family; each renders a notice as the service expects it. */
enum Format {
    /** Every field of the notice, for endpoints that do their own rendering (scripts, ticket systems). */
    GENERIC("generic") {
        @Override
        ObjectNode render(Notice n) {
            ObjectNode o = JSON.objectNode();
            o.put("kind", n.kind().label());
            o.put("type", n.type());
            o.put("severity", n.severity().label());
            o.put("source", n.source());
            o.put("reference", n.reference());
            o.put("at", n.at().toString());
            o.put("subject", n.subject());
            o.put("text", n.text());
            o.put("advice", n.advice());
            return o;
        }
    },
    /** Slack incoming webhooks; Mattermost and Rocket.Chat accept the same plain "text" payload. */
    SLACK("slack") {
        @Override
        ObjectNode render(Notice n) {
            // Slack reads &, < and > as control characters (links, mentions) unless escaped.
            return JSON.objectNode().put("text", "*" + slackEscape(n.subject()) + "*\n" + slackEscape(n.plainText()));
        }
    },
    /** The Office 365 connector MessageCard that Teams incoming webhooks (connectors) take. */
    TEAMS("teams") {
        @Override
        ObjectNode render(Notice n) {
            ObjectNode o = JSON.objectNode();
            o.put("@type", "MessageCard");
            o.put("@context", "https://schema.org/extensions");
            o.put("summary", n.subject());
            o.put("themeColor", switch (n.severity()) {
                case ERROR -> "B00020";
                case WARNING -> "B26A00";
                case INFO -> "1B5E20";
            });
            o.put("title", n.subject());
            // Teams renders text as markdown, where a single newline is no line break; blank lines are.
            o.put("text", n.plainText().replaceAll("\\R+", "\n\n"));
            var facts = o.putArray("sections").addObject().putArray("facts");
            fact(facts, "Source", n.source());
            fact(facts, "Reference", n.reference());
            fact(facts, "Event", n.type());
            fact(facts, "Severity", n.severity().label());
            fact(facts, "Time", n.at().toString());
            return o;
        }

        private void fact(ArrayNode facts, String name, String value) {
            // An empty "value" renders as a dangling label in Teams.
            if (value != null) {
                facts.addObject().put("name", name).put("value", value);
            }
        }
    },
    GOOGLE_CHAT("google-chat") {
        @Override
        ObjectNode render(Notice n) {
            return JSON.objectNode().put("text", "*" + n.subject() + "*\n" + n.plainText());
        }
    };

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String configName;

    Format(String configName) {
        this.configName = configName;
    }

    abstract ObjectNode render(Notice notice);

    String configName() {
        return configName;
    }

    /** The format named in the configuration, or empty if there is none of that name. */
    static Optional<Format> named(String name) {
        return Arrays.stream(values()).filter(f -> f.configName.equals(name)).findFirst();
    }

    static String names() {
        return Arrays.stream(values()).map(Format::configName).collect(Collectors.joining(", "));
    }

    static String slackEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
