package lifeboat.plugin.email;

import static lifeboat.plugin.email.TestMail.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import lifeboat.spi.Settings;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/** Failures GreenMail cannot produce, described from the exceptions Angus Mail would throw. */
class SendFailuresTest {
    private final SendFailures failures = new SendFailures(EmailChannelFactory.config(new Settings("it-email",
            "email", TestMail.settings(587, Map.of("host", "smtp.school.example", "user", "lifeboat",
                    "password", PASSWORD)))));

    @Test
    void refusedRecipient_isNamedWithTheServersAnswer() throws Exception {
        SendFailedException e = new SendFailedException("Invalid Addresses");
        e.setNextException(new SMTPAddressFailedException(new InternetAddress("x@y.example"), "RCPT TO:<x@y.example>",
                550, "550 5.1.1 No such user"));

        assertThat(failures.describe(e)).hasMessage("email channel it-email (smtp.school.example:587): the server"
                + " refused recipient x@y.example: 550 5.1.1 No such user");
    }

    @Test
    void refusedMessage_namesTheCommand() {
        var e = new SMTPSendFailedException("DATA", 554, "554 5.7.1 Message rejected as spam", null, null, null,
                null);

        assertThat(failures.describe(e)).hasMessageEndingWith(
                ": the server refused the message at DATA: 554 5.7.1 Message rejected as spam");
    }

    @Test
    void unknownHost_saysSo() {
        var e = new MessagingException("Unknown SMTP host: smtp.school.example",
                new UnknownHostException("smtp.school.example"));

        assertThat(failures.describe(e)).hasMessageEndingWith(": cannot connect: unknown host smtp.school.example");
    }

    @Test
    void passwordEchoedByAServer_isMaskedAndTheCauseKept() {
        var e = new MessagingException("535 bad password " + PASSWORD);

        assertThat(failures.describe(e)).hasMessageNotContaining(PASSWORD).hasMessageContaining("****")
                .hasCause(e);
    }
}
