package lifeboat.core.verify;

import lifeboat.core.config.Budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code verify --budget}: a size or a percentage of what is stored. */
class BudgetTest {
    @Test
    void percentage_ofTheTotal_roundedUp() {
        assertThat(Budget.bytes("5%", 1000)).isEqualTo(50);
        assertThat(Budget.bytes("5%", 1001)).isEqualTo(51);
        assertThat(Budget.bytes(" 40 % ", 10)).isEqualTo(4);
        assertThat(Budget.bytes("100%", 12345)).isEqualTo(12345);
        assertThat(Budget.bytes("0.5%", 1000)).isEqualTo(5);
    }

    @Test
    void binaryAndDecimalUnits() {
        assertThat(Budget.bytes("20GiB", 0)).isEqualTo(20L * 1024 * 1024 * 1024);
        assertThat(Budget.bytes("500MB", 0)).isEqualTo(500_000_000L);
        assertThat(Budget.bytes("500mb", 0)).isEqualTo(500_000_000L);
        assertThat(Budget.bytes("1TB", 0)).isEqualTo(1_000_000_000_000L);
        assertThat(Budget.bytes("1.5KiB", 0)).isEqualTo(1536);
        assertThat(Budget.bytes("20 GiB", 0)).isEqualTo(20L << 30);
        assertThat(Budget.bytes("4096", 0)).isEqualTo(4096);
    }

    @Test
    void badInput_isRefusedNamingTheBudget() {
        for (String bad : new String[] {"lots", "20 parsecs", "GiB", "", "-5MB", "0%", "150%", "-5%", "abc%"}) {
            assertThatThrownBy(() -> Budget.bytes(bad, 1000)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("budget");
        }
    }
}
