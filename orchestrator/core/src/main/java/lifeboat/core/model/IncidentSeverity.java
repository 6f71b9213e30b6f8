package lifeboat.core.model;

/** How bad an incident is, as IT judges it when it is opened or later. */
public enum IncidentSeverity implements Labeled {
    MINOR,
    MAJOR,
    CRITICAL;

    public static IncidentSeverity of(String label) {
        return Labeled.of(IncidentSeverity.class, label);
    }

    @Override
    public String toString() {
        return label();
    }
}
