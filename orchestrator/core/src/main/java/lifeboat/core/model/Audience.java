package lifeboat.core.model;

import java.util.Arrays;
import java.util.List;

/**
 * Who is told about an incident (the crash policy's sections 1, 2 and 6) and, for auditors, about the record. Each
 * is a list of notification channels under {@code audiences:}.
 */
public enum Audience implements Labeled {
    /** The IT staff: everything, with host names and error text. */
    IT(true),
    /** The principal, vice-principals and heads of department: scope, state, cause and expected time. */
    LEADERSHIP(true),
    /** All staff, teachers and students: plain system names, workarounds and expected times, nothing technical. */
    SCHOOL(false),
    /** The auditors: reports and the record. */
    AUDITORS(true);

    private final boolean technical;

    Audience(boolean technical) {
        this.technical = technical;
    }

    /** Whether messages to this audience may carry host names, paths, error text and backup ids. */
    public boolean technical() {
        return technical;
    }

    public static Audience of(String label) {
        return Labeled.of(Audience.class, label);
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Audience::label).toList();
    }

    @Override
    public String toString() {
        return label();
    }
}
