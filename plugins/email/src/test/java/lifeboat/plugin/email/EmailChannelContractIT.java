package lifeboat.plugin.email;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.util.List;
import java.util.Map;
import lifeboat.spi.Channel;
import lifeboat.testkit.ChannelContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The channel contract against GreenMail SMTP with a login, a fresh server for every test. */
class EmailChannelContractIT extends ChannelContractTest {
    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(TestMail.FROM, TestMail.USER,
                    TestMail.PASSWORD));

    @Override
    protected Channel channel() throws Exception {
        return TestMail.channel("it-email", TestMail.settings(mail.getSmtp().getPort(),
                Map.of("user", TestMail.USER, "password", TestMail.PASSWORD)));
    }

    @Override
    protected Channel unreachableChannel() throws Exception {
        return TestMail.channel("it-email", TestMail.settings(TestMail.freePort(),
                Map.of("user", TestMail.USER, "password", TestMail.PASSWORD)));
    }

    @Override
    protected List<String> received() throws Exception {
        return TestMail.texts(mail.getReceivedMessages());
    }

    @Override
    protected List<String> secrets() {
        return List.of(TestMail.PASSWORD);
    }
}
