package lifeboat.core.config;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a check's query must return: {@code "> 0"}, {@code ">= N"}, {@code "= N"}, {@code "< N"}, {@code "<= N"},
 * {@code "!= N"}, {@code "between A and B"}, or an exact value ({@code "42"}, {@code "Momo"}).
 */
public record Expectation(String op, String a, String b) {
    private static final Pattern COMPARE = Pattern.compile("(>=|<=|!=|>|<|=)\\s*(.+)");
    private static final Pattern BETWEEN = Pattern.compile("(?i)between\\s+(\\S+)\\s+and\\s+(\\S+)");

    public static Expectation parse(String text) {
        String t = text.trim();
        Matcher m = BETWEEN.matcher(t);
        if (m.matches()) {
            number(m.group(1), text);
            number(m.group(2), text);
            return new Expectation("between", m.group(1), m.group(2));
        }
        m = COMPARE.matcher(t);
        if (m.matches()) {
            String op = m.group(1);
            if (!op.equals("=") && !op.equals("!=")) {
                number(m.group(2).trim(), text);
            }
            return new Expectation(op, m.group(2).trim(), null);
        }
        return new Expectation("=", t, null);
    }

    private static BigDecimal number(String s, String text) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expectation '" + text + "': '" + s + "' is not a number");
        }
    }

    /** True when the value meets the expectation; numbers compare as numbers, anything else as text. */
    public boolean test(String value) {
        if (value == null) {
            return false;
        }
        BigDecimal v;
        try {
            v = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            return switch (op) {
                case "=" -> value.equals(a);
                case "!=" -> !value.equals(a);
                default -> false;
            };
        }
        return switch (op) {
            case "between" -> v.compareTo(new BigDecimal(a)) >= 0 && v.compareTo(new BigDecimal(b)) <= 0;
            case ">" -> v.compareTo(new BigDecimal(a)) > 0;
            case ">=" -> v.compareTo(new BigDecimal(a)) >= 0;
            case "<" -> v.compareTo(new BigDecimal(a)) < 0;
            case "<=" -> v.compareTo(new BigDecimal(a)) <= 0;
            case "!=" -> !equalsNumberOrText(v, value);
            default -> equalsNumberOrText(v, value);
        };
    }

    private boolean equalsNumberOrText(BigDecimal v, String value) {
        try {
            return v.compareTo(new BigDecimal(a)) == 0;
        } catch (NumberFormatException e) {
            return value.equals(a);
        }
    }

    @Override
    public String toString() {
        return op.equals("between") ? "between " + a + " and " + b : op + " " + a;
    }
}
