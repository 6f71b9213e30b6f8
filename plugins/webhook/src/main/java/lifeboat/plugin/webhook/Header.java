package lifeboat.plugin.webhook;

/** One configured request header. The value is often a token, so it never appears in {@link #toString()}. */
record Header(String name, String value) {
    @Override
    public String toString() {
        return name + ": ***";
    }
}
