package lifeboat.web;

/**
 * One system on the status page: its name for people, its status in plain words, the colour class, and what to do
 * instead while it is down (null when up or none is configured).
 */
public record StatusRow(String name, String status, String css, String workaround) {
}
