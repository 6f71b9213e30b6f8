package lifeboat.spi;

import java.io.IOException;

/** The key names no object on the target. */
public class NoSuchObjectException extends IOException {
    public NoSuchObjectException(String target, String key) {
        super("object '" + key + "' does not exist on storage target '" + target + "'");
    }
}
