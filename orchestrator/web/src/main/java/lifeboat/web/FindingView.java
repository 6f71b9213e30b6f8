package lifeboat.web;

/** One verification finding on a backup's page. */
public record FindingView(long verification, String kind, String object, String path, String message) {
}
