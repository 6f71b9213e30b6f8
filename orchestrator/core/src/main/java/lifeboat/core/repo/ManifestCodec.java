package lifeboat.core.repo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * A manifest line to and from a {@link ManifestEntry} with Jackson's streaming parser and generator: binding each
 * line through {@link Json#MAPPER} cost an unchanged incremental of a 20,000-file share more CPU than its walk.
 * The lines are byte for byte what the mapper writes (its factory, its field order, nulls left out, the
 * {@code file} flag of {@link ManifestEntry#isFile()} last), and a line is read as the mapper reads it: anything
 * but the form written here (other value types, duplicate fields, other time forms, a line that is no valid entry)
 * is handed to the mapper, which decides and words any error as before.
 */
final class ManifestCodec {
    static final JsonFactory FACTORY = Json.MAPPER.getFactory();
    static final ObjectReader MAPPER_READER = Json.MAPPER.readerFor(ManifestEntry.class);

    private static final SerializedString PATH = new SerializedString("path");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString SIZE = new SerializedString("size");
    private static final SerializedString MTIME = new SerializedString("mtime");
    private static final SerializedString CTIME = new SerializedString("ctime");
    private static final SerializedString MODE = new SerializedString("mode");
    private static final SerializedString UID = new SerializedString("uid");
    private static final SerializedString GID = new SerializedString("gid");
    private static final SerializedString USER = new SerializedString("user");
    private static final SerializedString GROUP = new SerializedString("group");
    private static final SerializedString INODE = new SerializedString("inode");
    private static final SerializedString SHA256 = new SerializedString("sha256");
    private static final SerializedString LINK = new SerializedString("link");
    private static final SerializedString HELD = new SerializedString("held");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final SerializedString FILE = new SerializedString("file");

    /** Thrown, without a stack trace, when a line is not in the written form; the mapper then reads it. */
    static final class OtherForm extends RuntimeException {
        private static final OtherForm INSTANCE = new OtherForm();

        private OtherForm() {
            super("not in the form the manifest writer writes", null, false, false);
        }
    }

    private ManifestCodec() {
    }

    /** A generator for a stream of lines: no separator of its own between them, each line ends with '\n'. */
    static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.setRootValueSeparator(null);
        return g;
    }

    /** Writes {@code e} and its newline; {@code scratch} holds at least {@link InstantText#MAX_LENGTH} chars. */
    static void write(JsonGenerator g, ManifestEntry e, char[] scratch) throws IOException {
        g.writeStartObject();
        g.writeFieldName(PATH);
        g.writeString(e.path());
        g.writeFieldName(TYPE);
        g.writeString(e.type());
        number(g, SIZE, e.size());
        instant(g, MTIME, e.mtime(), scratch);
        instant(g, CTIME, e.ctime(), scratch);
        number(g, MODE, e.mode());
        number(g, UID, e.uid());
        number(g, GID, e.gid());
        string(g, USER, e.user());
        string(g, GROUP, e.group());
        string(g, INODE, e.inode());
        string(g, SHA256, e.sha256());
        string(g, LINK, e.link());
        string(g, HELD, e.held());
        string(g, ERROR, e.error());
        g.writeFieldName(FILE);
        g.writeBoolean(e.isFile());
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private static void number(JsonGenerator g, SerializedString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private static void string(JsonGenerator g, SerializedString name, String value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeString(value);
        }
    }

    private static void instant(JsonGenerator g, SerializedString name, Instant t, char[] scratch) throws IOException {
        if (t != null) {
            g.writeFieldName(name);
            int n = InstantText.format(t, scratch);
            if (n < 0) {
                g.writeString(DateTimeFormatter.ISO_INSTANT.format(t));
            } else {
                g.writeString(scratch, 0, n);
            }
        }
    }

    /**
     * The entry of the one JSON object {@code p} is at the start of; what follows it is not read, as the mapper
     * does not. Throws {@link OtherForm} for anything the mapper might read otherwise than done here.
     */
    static ManifestEntry read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw OtherForm.INSTANCE;
        }
        String path = null;
        String type = null;
        long size = 0;
        Instant mtime = null;
        Instant ctime = null;
        int mode = 0;
        int uid = 0;
        int gid = 0;
        String user = null;
        String group = null;
        String inode = null;
        String sha256 = null;
        String link = null;
        String held = null;
        String error = null;
        int seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int field;
            switch (name) {
                case "path" -> { field = 1; path = string(p, v); }
                case "type" -> { field = 1 << 1; type = string(p, v); }
                case "size" -> { field = 1 << 2; size = longValue(p, v); }
                case "mtime" -> { field = 1 << 3; mtime = instant(p, v); }
                case "ctime" -> { field = 1 << 4; ctime = instant(p, v); }
                case "mode" -> { field = 1 << 5; mode = intValue(p, v); }
                case "uid" -> { field = 1 << 6; uid = intValue(p, v); }
                case "gid" -> { field = 1 << 7; gid = intValue(p, v); }
                case "user" -> { field = 1 << 8; user = string(p, v); }
                case "group" -> { field = 1 << 9; group = string(p, v); }
                case "inode" -> { field = 1 << 10; inode = string(p, v); }
                case "sha256" -> { field = 1 << 11; sha256 = string(p, v); }
                case "link" -> { field = 1 << 12; link = string(p, v); }
                case "held" -> { field = 1 << 13; held = string(p, v); }
                case "error" -> { field = 1 << 14; error = string(p, v); }
                case "file" -> {
                    // written for readers of the file, derived from type when read
                    field = 1 << 15;
                    if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
                        throw OtherForm.INSTANCE;
                    }
                }
                default -> {
                    field = 0; // unknown fields are skipped, as the mapper skips them
                    p.skipChildren();
                }
            }
            if ((seen & field) != 0) {
                throw OtherForm.INSTANCE;
            }
            seen |= field;
        }
        if (t != JsonToken.END_OBJECT || path == null || type == null) {
            throw OtherForm.INSTANCE;
        }
        return new ManifestEntry(path, type, size, mtime, ctime, mode, uid, gid, user, group, inode, sha256, link, held,
                error);
    }

    private static String string(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        throw OtherForm.INSTANCE;
    }

    private static long longValue(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw OtherForm.INSTANCE;
        }
        return p.getLongValue();
    }

    private static int intValue(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw OtherForm.INSTANCE;
        }
        return p.getIntValue();
    }

    private static Instant instant(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING) {
            throw OtherForm.INSTANCE;
        }
        Instant t = InstantText.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (t == null) {
            throw OtherForm.INSTANCE;
        }
        return t;
    }
}
