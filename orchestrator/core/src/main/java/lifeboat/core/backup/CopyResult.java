package lifeboat.core.backup;

/** One backup brought to another target; a {@code copy --json} item. */
public record CopyResult(String backup, String source, String from, String to, String status, int objects, long bytes,
        String error) {
    public boolean ok() {
        return !"failed".equals(status);
    }
}
