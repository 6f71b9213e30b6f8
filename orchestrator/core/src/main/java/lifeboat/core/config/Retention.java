package lifeboat.core.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A source's retention: its rules, and rules of their own for some storage targets (14 daily locally, 12 monthly
 * offsite). No retention at all means nothing of the source is ever pruned.
 *
 * @param rules the rules for every target without its own, or null
 * @param targets rules for one target, by target name
 */
public record Retention(RetentionPolicy rules, Map<String, RetentionPolicy> targets) {
    public static final Retention NONE = new Retention(null, Map.of());

    public Retention {
        targets = Map.copyOf(targets);
    }

    /** The rules for the copies on {@code target}: its own, else the general ones; empty when none are set. */
    public Optional<RetentionPolicy> on(String target) {
        RetentionPolicy own = targets.get(target);
        return Optional.ofNullable(own != null ? own : rules);
    }

    /**
     * The source's retention over the top-level one: a target's rules in the source, else the source's general
     * rules, else the top-level target's rules, else the top-level general rules.
     */
    public Retention over(Retention defaults) {
        if (defaults == null || (defaults.rules == null && defaults.targets.isEmpty())) {
            return this;
        }
        if (rules != null) {
            return this;
        }
        Map<String, RetentionPolicy> merged = new HashMap<>(defaults.targets);
        merged.putAll(targets);
        return new Retention(defaults.rules, merged);
    }
}
