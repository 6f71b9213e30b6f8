package lifeboat.core.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import lifeboat.core.audit.Actor;
import lifeboat.core.audit.AuditEvent;
import lifeboat.core.audit.AuditLog;
import lifeboat.core.audit.AuditType;
import lifeboat.core.catalog.SessionRecord;
import lifeboat.core.catalog.UserRecord;
import lifeboat.core.catalog.UserStore;
import lifeboat.core.catalog.WebActionRecord;
import lifeboat.core.model.Role;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The web pages' users: adding, listing, removing, new passwords, logins with sessions, and the record of what each
 * user did. Passwords are hashed with bcrypt (BouncyCastle) with a salt of their own; sessions are random tokens of
 * which the catalog keeps only a SHA-256. Failed logins are counted per user name and per client address: past
 * {@link #MAX_FAILED} for one name, or {@link #MAX_FAILED_FROM_CLIENT} from one address, within
 * {@link #THROTTLE_WINDOW}, a login is refused without looking at the password.
 */
public final class Users {
    static final int MAX_FAILED = 5;
    /** From one client address, whatever the names tried (a school's NAT puts many people behind one). */
    static final int MAX_FAILED_FROM_CLIENT = 20;
    static final Duration THROTTLE_WINDOW = Duration.ofMinutes(15);
    static final Duration SESSION_IDLE = Duration.ofHours(8);
    static final int MIN_PASSWORD = 10;
    /** bcrypt's work factor: 2^11 rounds, about 0.1 s on one core. */
    static final int COST = 11;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    private final UserStore store;
    private final Clock clock;
    private final int cost;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuditLog audit;

    /** @param audit where every login and action is also recorded, tamper-evident, with the user as its actor */
    public Users(UserStore store, Clock clock, AuditLog audit) {
        this(store, clock, COST, audit);
    }

    /** With another work factor: tests use a cheap one. */
    Users(UserStore store, Clock clock, int cost) {
        this(store, clock, cost, AuditLog.NONE);
    }

    private Users(UserStore store, Clock clock, int cost, AuditLog audit) {
        this.store = store;
        this.clock = clock;
        this.cost = cost;
        this.audit = audit;
    }

    /**
     * Checked when the user does not exist, so that a refusal takes as long either way; made once per process and
     * work factor.
     */
    private static final Map<Integer, String> DECOYS = new ConcurrentHashMap<>();

    /** How a login went. */
    public sealed interface Login {
        /** @param token the session cookie's value (only its hash is stored) */
        record Allowed(String token, SessionRecord session) implements Login {
        }

        record Refused() implements Login {
        }

        record Throttled(Instant retryAfter) implements Login {
        }
    }

    /** How long a throttled login waits, in seconds. */
    public static long throttleSeconds() {
        return THROTTLE_WINDOW.toSeconds();
    }

    public void add(String name, Role role, char[] password) throws SQLException {
        checkName(name);
        checkPassword(password);
        if (!store.add(name, role, hash(password), clock.instant())) {
            throw new IllegalArgumentException("user '" + name + "' exists already (remove it or use 'user passwd')");
        }
    }

    public List<UserRecord> list() throws SQLException {
        return store.all();
    }

    public void remove(String name) throws SQLException {
        if (!store.remove(name)) {
            throw new IllegalArgumentException("no user '" + name + "'");
        }
    }

    /** Sets a new password; the user's sessions end. */
    public void passwd(String name, char[] password) throws SQLException {
        checkPassword(password);
        if (!store.changePassword(name, hash(password), clock.instant())) {
            throw new IllegalArgumentException("no user '" + name + "'");
        }
    }

    /** Checks a password and opens a session; every attempt is recorded with the client address. */
    public Login login(String name, char[] password, String client) throws SQLException {
        Instant now = clock.instant();
        String who = name == null ? "" : name.strip();
        Instant since = now.minus(THROTTLE_WINDOW);
        if (store.failedLoginsOf(who, since) >= MAX_FAILED || store.failedLoginsFrom(client, since)
                >= MAX_FAILED_FROM_CLIENT) {
            store.record(now, who, client, "login", false, "throttled: too many failed logins");
            audit.append(Actor.user(who, client), AuditEvent.of(AuditType.LOGIN_FAILED, null, "reason", "throttled"));
            return new Login.Throttled(now.plus(THROTTLE_WINDOW));
        }
        Optional<String> hash = store.passwordHash(who);
        boolean ok = OpenBSDBCrypt.checkPassword(hash.orElseGet(() -> DECOYS.computeIfAbsent(cost,
                c -> hash("not a password of anyone".toCharArray(), c))), password) && hash.isPresent();
        store.record(now, who, client, "login", ok, ok ? null : "wrong user name or password");
        audit.append(Actor.user(who, client), ok ? AuditEvent.of(AuditType.LOGIN, null)
                : AuditEvent.of(AuditType.LOGIN_FAILED, null, "reason", "wrong user name or password"));
        if (!ok) {
            return new Login.Refused();
        }
        store.removeExpired(now);
        String token = randomToken();
        String csrf = randomToken();
        store.addSession(sha256(token), who, csrf, now, now.plus(SESSION_IDLE));
        return new Login.Allowed(token, store.session(sha256(token), now).orElseThrow());
    }

    /** The session a cookie's token belongs to, if it has not expired; using it keeps it open. */
    public Optional<SessionRecord> session(String token) throws SQLException {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<SessionRecord> s = store.session(sha256(token), now);
        if (s.isPresent() && Duration.between(s.get().lastSeenAt(), now).toMinutes() >= 1) {
            store.touch(s.get().tokenHash(), now, now.plus(SESSION_IDLE));
        }
        return s;
    }

    public void logout(String token) throws SQLException {
        if (token != null && token.length() <= 100) {
            store.removeSession(sha256(token));
        }
    }

    /** Records an action a user took (or was refused) on the web pages. */
    public void record(String user, String client, String action, boolean ok, String detail) throws SQLException {
        store.record(clock.instant(), user, client, action, ok, detail);
        audit.append(Actor.user(user == null ? "" : user, client), AuditEvent.of(AuditType.USER_ACTION, null,
                "action", action, "ok", ok, "detail", detail));
    }

    /** Logins and actions at or after {@code since}, oldest first. */
    public List<WebActionRecord> actions(Instant since) throws SQLException {
        return store.actions(since);
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name '" + name + "': use 1 to 64 lower-case letters, digits,"
                    + " '.', '_' or '-', starting with a letter");
        }
    }

    private static void checkPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD) {
            throw new IllegalArgumentException("the password must have at least " + MIN_PASSWORD + " characters");
        }
        if (password.length > 72) {
            throw new IllegalArgumentException("the password must have at most 72 characters (bcrypt reads no more)");
        }
    }

    private String hash(char[] password) {
        return hash(password, cost);
    }

    private static String hash(char[] password, int cost) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password, salt, cost);
    }

    private static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
