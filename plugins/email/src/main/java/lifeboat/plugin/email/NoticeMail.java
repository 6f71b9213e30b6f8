package lifeboat.plugin.email;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import lifeboat.spi.Notice;

/** Turns a notice into one mail with a plain-text and an HTML rendering of the same content. */
final class NoticeMail {
    static final String SUBJECT_PREFIX = "[Lifeboat] ";

    private NoticeMail() {
    }

    static MimeMessage build(Session session, EmailConfig config, Notice notice, Instant now)
            throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(config.from());
        m.setRecipients(Message.RecipientType.TO, config.to().toArray(new InternetAddress[0]));
        m.setSubject(subject(notice), "UTF-8");
        m.setSentDate(Date.from(now));
        // lets mail rules sort and filter without parsing the subject
        m.setHeader("X-Lifeboat-Event", oneLine(notice.type()));
        m.setHeader("X-Lifeboat-Severity", notice.severity().label());

        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(notice.plainText() + "\n\n-- \n" + footer(notice) + "\n", "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(NoticeHtml.render(notice, subject(notice), footer(notice)), "UTF-8", "html");
        // the last alternative is the preferred one: clients that can show HTML do
        m.setContent(new MimeMultipart("alternative", plain, html));
        m.saveChanges();
        return m;
    }

    static String subject(Notice notice) {
        String s = oneLine(notice.subject());
        return s.startsWith(SUBJECT_PREFIX) ? s : SUBJECT_PREFIX + s;
    }

    static String footer(Notice notice) {
        List<String> parts = new ArrayList<>();
        parts.add("Lifeboat event " + notice.type());
        if (notice.source() != null) {
            parts.add("source " + notice.source());
        }
        if (notice.reference() != null) {
            parts.add("reference " + notice.reference());
        }
        parts.add("at " + notice.at());
        return String.join(", ", parts);
    }

    // a line break in a header value would end the header and start a new one
    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ").strip();
    }
}
