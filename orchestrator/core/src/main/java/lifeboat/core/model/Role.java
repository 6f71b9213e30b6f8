package lifeboat.core.model;

/** What a user of the web pages may do: an auditor reads, an operator also acts, an admin also manages users. */
public enum Role implements Labeled {
    ADMIN,
    OPERATOR,
    AUDITOR;

    public static Role of(String label) {
        return Labeled.of(Role.class, label);
    }

    /** Whether this role may start backups, verifications and trial restores and work on incidents. */
    public boolean mayAct() {
        return this != AUDITOR;
    }

    @Override
    public String toString() {
        return label();
    }
}
