package lifeboat.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintStream;
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
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format("%.1f %s", v, units[i]);
    }
}
