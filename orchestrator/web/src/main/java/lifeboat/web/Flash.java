package lifeboat.web;

/**
 * The one-line message after an action, chosen by a code in the address (never text from it, so nothing a link
 * carries is shown).
 */
final class Flash {
    private Flash() {
    }

    static String text(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "backup" -> "Backup started; it shows below when it is done.";
            case "verify" -> "Verification started.";
            case "trial" -> "Trial restore started.";
            case "busy" -> "Not started: another action is still running on this source.";
            case "incident" -> "Incident opened.";
            case "update" -> "Update posted.";
            default -> null;
        };
    }
}
