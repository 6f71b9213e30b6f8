package lifeboat.core.model;

/** Where long work reports how far it got; the CLI shows a bar on a terminal and plain lines otherwise. */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void start(String task, long totalBytes) {
        }

        @Override
        public void advance(long bytes, String current) {
        }

        @Override
        public void finish() {
        }
    };

    /** Starts a task; {@code totalBytes} is -1 when unknown. */
    void start(String task, long totalBytes);

    void advance(long bytes, String current);

    void finish();
}
