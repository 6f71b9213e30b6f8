package lifeboat.web;

/** One system on the status page: its name and its status in plain words (css: the colour class). */
public record SystemStatus(String name, String status, String css) {
}
