package lifeboat.core.incident;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who is posting: the operating-system user and host, as the timeline names them. */
public final class Author {
    private Author() {
    }

    public static String current() {
        String user = System.getProperty("user.name", "unknown");
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = Files.readString(Path.of("/etc/hostname")).trim();
            } catch (IOException e) {
                host = "localhost";
            }
        }
        return user + "@" + host;
    }
}
