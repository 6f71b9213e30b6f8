package lifeboat.core.trial;

import lifeboat.core.config.Expectation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What an sql check's {@code expect} and {@code expectRows} accept. */
class ExpectationTest {
    @Test
    void greaterThan() {
        Expectation e = Expectation.parse("> 0");
        assertThat(e.op()).isEqualTo(">");
        assertThat(e.test("1")).isTrue();
        assertThat(e.test("0")).isFalse();
        assertThat(e.test("-3")).isFalse();
        assertThat(e.test("0.001")).isTrue();
    }

    @Test
    void comparisons_allOperators_compareAsNumbers() {
        assertThat(Expectation.parse(">= 10").test("10")).isTrue();
        assertThat(Expectation.parse(">=10").test("9")).isFalse();
        assertThat(Expectation.parse("< 10").test("9.5")).isTrue();
        assertThat(Expectation.parse("< 10").test("10")).isFalse();
        assertThat(Expectation.parse("<= 10").test("10.0")).isTrue();
        assertThat(Expectation.parse("<= 10").test("11")).isFalse();
        assertThat(Expectation.parse("= 10").test("10.00")).isTrue();
        assertThat(Expectation.parse("= 10").test("11")).isFalse();
        assertThat(Expectation.parse("!= 0").test("1")).isTrue();
        assertThat(Expectation.parse("!= 0").test("0")).isFalse();
        // a large count is still a number
        assertThat(Expectation.parse("> 1000000000000").test("1000000000001")).isTrue();
    }

    @Test
    void between_isInclusive() {
        Expectation e = Expectation.parse("between 5 and 10");
        assertThat(e.op()).isEqualTo("between");
        assertThat(e.test("5")).isTrue();
        assertThat(e.test("10")).isTrue();
        assertThat(e.test("7")).isTrue();
        assertThat(e.test("4")).isFalse();
        assertThat(e.test("11")).isFalse();
        assertThat(e.test("seven")).isFalse();
        assertThat(Expectation.parse("BETWEEN 1 AND 2").test("1.5")).isTrue();
        assertThat(e.toString()).isEqualTo("between 5 and 10");
    }

    @Test
    void exactValue_numberOrText() {
        assertThat(Expectation.parse("42").test("42")).isTrue();
        assertThat(Expectation.parse("42").test("42.0")).isTrue();
        assertThat(Expectation.parse("42").test("43")).isFalse();
        assertThat(Expectation.parse("Momo").test("Momo")).isTrue();
        assertThat(Expectation.parse("Momo").test("momo")).isFalse();
        assertThat(Expectation.parse("Momo").test("5")).isFalse();
        assertThat(Expectation.parse("= Momo").test("Momo")).isTrue();
        assertThat(Expectation.parse("!= Momo").test("Anna")).isTrue();
        assertThat(Expectation.parse("!= Momo").test("Momo")).isFalse();
        assertThat(Expectation.parse("Anna Müller").test("Anna Müller")).isTrue();
    }

    @Test
    void noValue_neverMeetsAnExpectation() {
        assertThat(Expectation.parse("> 0").test(null)).isFalse();
        assertThat(Expectation.parse("Momo").test(null)).isFalse();
        assertThat(Expectation.parse("!= 0").test(null)).isFalse();
    }

    @Test
    void textWhereANumberIsNeeded_fails() {
        assertThat(Expectation.parse("> 0").test("many")).isFalse();
        assertThat(Expectation.parse("<= 3").test("")).isFalse();
    }

    @Test
    void badNumber_isAnError() {
        assertThatThrownBy(() -> Expectation.parse("> zero")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zero").hasMessageContaining("not a number");
        assertThatThrownBy(() -> Expectation.parse(">= 1,5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Expectation.parse("between 1 and ten")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ten");
        assertThatThrownBy(() -> Expectation.parse("between x and 3")).isInstanceOf(IllegalArgumentException.class);
    }
}
