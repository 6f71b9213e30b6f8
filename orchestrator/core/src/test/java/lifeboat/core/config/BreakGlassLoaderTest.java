package lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BreakGlassLoaderTest {
    @TempDir
    Path dir;

    private Section section;

    private BreakGlassConfig load(String yaml) {
        section = new Section(dir, yaml);
        return BreakGlassLoader.load(section.context().y(), section.node("breakGlass"));
    }

    @Test
    void load_whereTheIdentityIsAndWhoToCall() {
        BreakGlassConfig b = load("""
                breakGlass:
                  identityKeptAt: "school safe, envelope 3"
                  contacts: ["IT service desk: 0123 456789", "Head teacher"]
                """);
        assertThat(section.problems).isEmpty();
        assertThat(b).isEqualTo(new BreakGlassConfig("school safe, envelope 3",
                List.of("IT service desk: 0123 456789", "Head teacher")));
    }

    @Test
    void theIdentityItself_isRefused_andUnknownKeysNamed() {
        BreakGlassConfig b = load("""
                breakGlass:
                  identityKeptAt: AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ
                  contact: [someone]
                """);
        assertThat(section.reported()).containsExactly(
                tuple("breakGlass.contact", 3, "unknown key 'contact' (did you mean 'contacts'?)"),
                tuple("breakGlass.identityKeptAt", 2,
                        "is printed on the sheet: say where the identity is kept, never the identity itself"));
        assertThat(b.identityKeptAt()).isNull();
    }
}
