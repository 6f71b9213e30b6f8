package lifeboat.plugin.email;

import jakarta.mail.Session;
import java.util.Properties;

/** Builds the mail session of a channel; nothing here touches the network. */
final class MailSessions {
    private MailSessions() {
    }

    static Session create(EmailConfig c) {
        String p = "mail." + c.security().protocol + ".";
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", c.security().protocol);
        props.setProperty(p + "host", c.host());
        props.setProperty(p + "port", Integer.toString(c.port()));
        String ms = Integer.toString(c.timeoutMillis());
        // without these a silent server would hang the sender forever
        props.setProperty(p + "connectiontimeout", ms);
        props.setProperty(p + "timeout", ms);
        props.setProperty(p + "writetimeout", ms);
        props.setProperty(p + "auth", Boolean.toString(c.user().isPresent()));
        if (c.security() == Security.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            // a server that does not offer STARTTLS must not get the password in clear
            props.setProperty(p + "starttls.required", "true");
        }
        if (c.security() != Security.NONE) {
            // a host named in sslTrust is vouched for by whoever configured it, name included: the self-signed
            // certificates of school servers rarely carry the name they are reached by
            props.setProperty(p + "ssl.checkserveridentity", Boolean.toString(c.sslTrust().isEmpty()));
        }
        c.sslTrust().ifPresent(hosts -> props.setProperty(p + "ssl.trust", hosts));
        // the protocol trace would contain the AUTH exchange, i.e. the password in base64
        props.setProperty("mail.debug", "false");
        props.setProperty("mail.debug.auth", "false");
        return Session.getInstance(props);
    }
}
