package lifeboat.support.process;

import java.util.List;
import java.util.regex.Pattern;

/** Quoting for a POSIX shell (what sshd hands a command to): every word in single quotes. */
final class ShellQuote {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ShellQuote() {
    }

    /** {@code it's} becomes {@code 'it'\''s'}; the empty string becomes {@code ''}. */
    static String quote(String word) {
        if (word.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell word cannot hold a NUL character");
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    static String join(List<String> words) {
        var sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(w));
        }
        return sb.toString();
    }

    /** An environment variable name safe to write unquoted before {@code =}. */
    static String name(String variable) {
        if (!NAME.matcher(variable).matches()) {
            throw new IllegalArgumentException("not an environment variable name: " + variable);
        }
        return variable;
    }
}
