package lifeboat.plugin.email;

import static lifeboat.plugin.email.TestMail.NONE;
import static lifeboat.plugin.email.TestMail.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import lifeboat.spi.Channel;
import lifeboat.spi.ChannelFactory;
import lifeboat.spi.Plugin;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.Settings;
import org.junit.jupiter.api.Test;

/** Settings are checked, and the session built, without any server. */
class EmailChannelFactoryTest {
    @Test
    void plugin_isFoundByServiceLoaderAndOffersTheEmailType() {
        List<ChannelFactory> factories = ServiceLoader.load(Plugin.class).stream()
                .flatMap(p -> p.get().channelFactories().stream()).toList();
        assertThat(factories).extracting(ChannelFactory::type).contains("email");
        assertThat(TestMail.factory().properties()).filteredOn(PropertySpec::secret)
                .extracting(PropertySpec::name).containsExactly("password");
    }

    @Test
    void create_doesNotTouchTheNetwork() throws Exception {
        try (Channel c = TestMail.channel("it-email", values(Map.of("host", "smtp.school.invalid",
                "port", NONE, "security", NONE, "user", "lifeboat", "password", PASSWORD)))) {
            assertThat(c.name()).isEqualTo("it-email");
            assertThat(c.location()).isEqualTo("smtp.school.invalid:587 (starttls)");
            assertThat(c.toString()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void portDefaultsFollowSecurity() {
        assertThat(config(Map.of("port", NONE, "security", "none")).port()).isEqualTo(25);
        assertThat(config(Map.of("port", NONE, "security", "starttls")).port()).isEqualTo(587);
        assertThat(config(Map.of("port", NONE, "security", "tls")).port()).isEqualTo(465);
        assertThat(config(Map.of("port", 2525L, "security", "tls")).port()).isEqualTo(2525);
    }

    @Test
    void starttls_isRequiredNotJustTried_andTimeoutsApplyEverywhere() {
        Properties p = MailSessions.create(config(Map.of("security", "starttls", "user", "lifeboat",
                "password", PASSWORD, "timeout", Duration.ofSeconds(7)))).getProperties();
        assertThat(p.getProperty("mail.smtp.starttls.enable")).isEqualTo("true");
        assertThat(p.getProperty("mail.smtp.starttls.required")).isEqualTo("true");
        assertThat(p.getProperty("mail.smtp.ssl.checkserveridentity")).isEqualTo("true");
        assertThat(p.getProperty("mail.smtp.auth")).isEqualTo("true");
        assertThat(p.getProperty("mail.smtp.connectiontimeout")).isEqualTo("7000");
        assertThat(p.getProperty("mail.smtp.timeout")).isEqualTo("7000");
        assertThat(p.getProperty("mail.smtp.writetimeout")).isEqualTo("7000");
        assertThat(p.values()).doesNotContain(PASSWORD);
    }

    @Test
    void tls_usesSmtpsProperties() {
        Properties p = MailSessions.create(config(Map.of("security", "tls", "sslTrust", "127.0.0.1")))
                .getProperties();
        assertThat(p.getProperty("mail.smtps.ssl.trust")).isEqualTo("127.0.0.1");
        assertThat(p.getProperty("mail.smtps.timeout")).isEqualTo("10000");
        assertThat(p.getProperty("mail.smtps.auth")).isEqualTo("false");
    }

    @Test
    void badSecurity_isRefusedNamingChannelAndKey() {
        assertRefused(Map.of("security", "ssl"), "security", "ssl");
    }

    @Test
    void missingOrEmptyTo_isRefusedNamingChannelAndKey() {
        assertRefused(Map.of("to", NONE), "'to'");
        assertRefused(Map.of("to", List.of()), "'to'");
    }

    @Test
    void malformedAddress_isRefusedNamingChannelKeyAndAddress() {
        assertRefused(Map.of("to", List.of("it@school.example", "head@@school")), "'to'", "head@@school");
        assertRefused(Map.of("to", List.of("it")), "'to'", "'it'");
        assertRefused(Map.of("from", "lifeboat at school"), "'from'", "lifeboat at school");
    }

    @Test
    void halfALogin_isRefused() {
        assertRefused(Map.of("user", "lifeboat"), "user", "password");
        assertRefused(Map.of("password", PASSWORD), "user", "password");
    }

    @Test
    void sslTrustForAnotherHost_isRefused() {
        assertRefused(Map.of("security", "tls", "sslTrust", "other.example"), "sslTrust", "127.0.0.1");
    }

    @Test
    void portOutOfRange_isRefused() {
        assertRefused(Map.of("port", 70000L), "port");
    }

    private static void assertRefused(Map<String, Object> extra, String... mentions) {
        assertThatThrownBy(() -> config(extra)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("it-email: ")
                .satisfies(e -> {
                    assertThat(e.getMessage()).contains(mentions);
                    assertThat(e.getMessage()).doesNotContain(PASSWORD);
                });
    }

    private static EmailConfig config(Map<String, Object> extra) {
        return EmailChannelFactory.config(new Settings("it-email", "email", values(extra)));
    }

    private static Map<String, Object> values(Map<String, Object> extra) {
        return TestMail.settings(2525, extra);
    }
}
