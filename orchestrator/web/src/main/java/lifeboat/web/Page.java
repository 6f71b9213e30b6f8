package lifeboat.web;

/**
 * What every page's frame shows: its title, who is signed in (null on the public pages), the CSRF token the
 * forms send back, and a one-line message from the last action.
 */
public record Page(String title, String user, String role, String csrf, String flash, boolean mayAct) {
    static Page open(String title) {
        return new Page(title, null, null, null, null, false);
    }

    public boolean signedIn() {
        return user != null;
    }
}
