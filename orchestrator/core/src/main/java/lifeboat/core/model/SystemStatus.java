package lifeboat.core.model;

/** How an affected system is doing during an incident, as the school would see it. */
public enum SystemStatus implements Labeled {
    OPERATIONAL("working normally"),
    DEGRADED("working, but slow or with problems"),
    PARTIAL_OUTAGE("partly unavailable"),
    MAJOR_OUTAGE("unavailable");

    private final String plain;

    SystemStatus(String plain) {
        this.plain = plain;
    }

    /** Whether the system counts as down (anything but operational) for the report's down time. */
    public boolean down() {
        return this != OPERATIONAL;
    }

    /** The status in words for people who are not IT. */
    public String plain() {
        return plain;
    }

    public static SystemStatus of(String label) {
        return Labeled.of(SystemStatus.class, label);
    }

    @Override
    public String toString() {
        return label();
    }
}
