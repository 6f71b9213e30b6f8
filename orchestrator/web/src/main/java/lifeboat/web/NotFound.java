package lifeboat.web;

/** A page for a thing (source, backup, plan) that does not exist: 404 with the message. */
final class NotFound extends RuntimeException {
    NotFound(String message) {
        super(message);
    }
}
