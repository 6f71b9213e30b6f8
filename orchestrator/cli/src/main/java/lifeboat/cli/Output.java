package lifeboat.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintStream;
import lifeboat.core.model.Sizes;
import lifeboat.core.repo.Json;

/** Writes {@code --json} documents to stdout. */
final class Output {
    private Output() {
    }

    static void json(Object value) {
        PrintStream out = System.out;
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON output", e);
        }
        out.flush();
    }

    static String bytes(long n) {
        return Sizes.text(n);
    }
}
