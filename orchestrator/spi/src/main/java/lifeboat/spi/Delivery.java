package lifeboat.spi;

import static java.util.Objects.requireNonNull;

/** A notice the server accepted. @param answer what the server said, as it said it (SMTP reply, HTTP status and body) */
public record Delivery(String answer) {
    public Delivery {
        requireNonNull(answer, "answer is null");
    }
}
