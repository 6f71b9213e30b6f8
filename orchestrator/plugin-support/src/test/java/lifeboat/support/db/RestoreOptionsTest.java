package lifeboat.support.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreOptionsTest {
    private static final Map<String, Boolean> FLAGS = flags();

    private static Map<String, Boolean> flags() {
        var flags = new LinkedHashMap<String, Boolean>();
        flags.put("noOwner", false);
        flags.put("globals", true);
        return flags;
    }

    @Test
    void empty_meansTheSourcesOwnServerAndTheFlagDefaults() {
        var o = RestoreOptions.parse(Map.of(), FLAGS);
        assertThat(o.toDb()).isNull();
        assertThat(o.force()).isFalse();
        assertThat(o.flag("noOwner")).isFalse();
        assertThat(o.flag("globals")).isTrue();
    }

    @Test
    void values_areReadAndBlanksIgnored() {
        var o = RestoreOptions.parse(Map.of("toDb", "copy", "toHost", " ", "toPort", "5433", "force", "true",
                "globals", "false"), FLAGS);
        assertThat(o.toDb()).isEqualTo("copy");
        assertThat(o.toHost()).isNull();
        assertThat(o.toPort()).isEqualTo("5433");
        assertThat(o.force()).isTrue();
        assertThat(o.flag("globals")).isFalse();
    }

    @Test
    void unknownKey_refusedListingTheKnownOnesInOrder() {
        assertThatThrownBy(() -> RestoreOptions.parse(Map.of("toDatabase", "x"), FLAGS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown restore option 'toDatabase'; known: [toDb, toHost, toPort, toUser, force,"
                        + " noOwner, globals]");
    }

    @Test
    void malformedValues_refusedNamingThem() {
        assertThatThrownBy(() -> RestoreOptions.parse(Map.of("toPort", "54x"), FLAGS))
                .hasMessage("toPort must be a port number, not '54x'");
        assertThatThrownBy(() -> RestoreOptions.parse(Map.of("force", "yes"), Map.of()))
                .hasMessage("force must be true or false, not 'yes'");
        assertThatThrownBy(() -> RestoreOptions.parse(Map.of("noOwner", "1"), FLAGS))
                .hasMessage("noOwner must be true or false, not '1'");
    }

    @Test
    void target_overridesOnlyWhatIsGiven() {
        var jdbc = new Jdbc("postgresql", new NoDriver(), Map.of(), "08001");
        var source = new DbEndpoint("db1", 5432, "backup", "pw", jdbc);
        var target = RestoreOptions.parse(Map.of("toHost", "db2"), FLAGS).target(source);
        assertThat(target).isEqualTo(new DbEndpoint("db2", 5432, "backup", "pw", jdbc));
        assertThat(target.toString()).isEqualTo("db2:5432").doesNotContain("pw");
    }
}
