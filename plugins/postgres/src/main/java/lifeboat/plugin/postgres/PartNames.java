package lifeboat.plugin.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Part names hold database names, which PostgreSQL lets contain {@code /} and other characters a plain file name
 * must not: those are percent-encoded, so {@code sis} stays {@code sis.pgdump}.
 */
final class PartNames {
    static final String GLOBALS = "globals.sql";
    static final String DUMP_SUFFIX = ".pgdump";

    private PartNames() {
    }

    static String dumpPart(String database) {
        var sb = new StringBuilder();
        for (byte b : database.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean plain = c >= 0x80 || Character.isLetterOrDigit(c) || c == '_' || c == '-'
                    || (c == '.' && sb.length() > 0);
            if (plain) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        // non-ASCII bytes were appended one by one above; rebuild them as UTF-8 text
        return new String(sb.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)
                + DUMP_SUFFIX;
    }

    static boolean isDump(String part) {
        return part.endsWith(DUMP_SUFFIX) && part.length() > DUMP_SUFFIX.length();
    }

    static String database(String dumpPart) {
        String enc = dumpPart.substring(0, dumpPart.length() - DUMP_SUFFIX.length());
        var out = new ByteArrayOutputStream();
        byte[] bytes = enc.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length) {
                out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
