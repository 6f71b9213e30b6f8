package lifeboat.core.document;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A printable document (an incident report, the break-glass sheet, an auditors' report) as plain blocks, so that
 * one text renders the same in Markdown, HTML and PDF. Values are plain text; every renderer escapes them.
 *
 * @param subtitle a line under the title (who made it and when), or null
 */
public record Document(String title, String subtitle, List<Block> blocks) {
    public Document {
        requireNonNull(title, "title is null");
        blocks = List.copyOf(blocks);
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** One part of a document. */
    public sealed interface Block permits Heading, Text, Fields, Table, Code, Bullets, PageBreak {}

    /** @param level 1 for a section, 2 for a subsection */
    public record Heading(int level, String text) implements Block {
        public Heading {
            requireNonNull(text, "text is null");
            if (level < 1 || level > 3) {
                throw new IllegalArgumentException("heading level must be 1 to 3, not " + level);
            }
        }
    }

    public record Text(String text) implements Block {
        public Text {
            requireNonNull(text, "text is null");
        }
    }

    /** Name–value pairs, e.g. "Severity: major". */
    public record Fields(List<Field> fields) implements Block {
        public Fields {
            fields = List.copyOf(fields);
        }
    }

    public record Field(String name, String value) {
        public Field {
            requireNonNull(name, "name is null");
            value = value == null ? "" : value;
        }
    }

    /** A table; every row has as many cells as there are headers (a missing cell is blank). */
    public record Table(List<String> headers, List<List<String>> rows) implements Block {
        public Table {
            headers = List.copyOf(headers);
            List<List<String>> fixed = new ArrayList<>();
            for (List<String> row : rows) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < headers.size(); i++) {
                    String cell = i < row.size() ? row.get(i) : null;
                    cells.add(cell == null ? "" : cell);
                }
                if (row.size() > headers.size()) {
                    throw new IllegalArgumentException("a row has " + row.size() + " cells for "
                            + headers.size() + " headers");
                }
                fixed.add(List.copyOf(cells));
            }
            rows = List.copyOf(fixed);
        }
    }

    /** Text shown as typed, in a fixed-width font: commands to run, keys, hashes. */
    public record Code(String text) implements Block {
        public Code {
            requireNonNull(text, "text is null");
        }
    }

    public record Bullets(List<String> items) implements Block {
        public Bullets {
            items = List.copyOf(items);
        }
    }

    /** Starts a new page in PDF; a rule in the other formats. */
    public record PageBreak() implements Block {}

    /** Builds a document block by block. */
    public static final class Builder {
        private final String title;
        private String subtitle;
        private final List<Block> blocks = new ArrayList<>();

        private Builder(String title) {
            this.title = title;
        }

        public Builder subtitle(String text) {
            this.subtitle = text;
            return this;
        }

        public Builder heading(String text) {
            return add(new Heading(1, text));
        }

        public Builder subheading(String text) {
            return add(new Heading(2, text));
        }

        public Builder paragraph(String text) {
            return add(new Text(text));
        }

        public Builder fields(List<Field> fields) {
            return add(new Fields(fields));
        }

        public Builder field(String name, Object value) {
            Block last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            Field f = new Field(name, value == null ? "" : String.valueOf(value));
            if (last instanceof Fields existing) {
                List<Field> more = new ArrayList<>(existing.fields());
                more.add(f);
                blocks.set(blocks.size() - 1, new Fields(more));
                return this;
            }
            return add(new Fields(List.of(f)));
        }

        public Builder table(List<String> headers, List<List<String>> rows) {
            return add(new Table(headers, rows));
        }

        public Builder code(String text) {
            return add(new Code(text));
        }

        public Builder bullets(List<String> items) {
            return add(new Bullets(items));
        }

        public Builder pageBreak() {
            return add(new PageBreak());
        }

        public Builder add(Block block) {
            blocks.add(requireNonNull(block, "block is null"));
            return this;
        }

        public Document build() {
            return new Document(title, subtitle, blocks);
        }
    }
}
