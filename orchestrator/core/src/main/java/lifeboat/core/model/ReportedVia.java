package lifeboat.core.model;

/** How an incident reached IT (policy section 1: email, phone or in person; or the web form, or monitoring). */
public enum ReportedVia implements Labeled {
    PHONE,
    EMAIL,
    IN_PERSON,
    WEB,
    MONITORING;

    public static ReportedVia of(String label) {
        return Labeled.of(ReportedVia.class, label);
    }

    @Override
    public String toString() {
        return label();
    }
}
