package lifeboat.core.incident;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.catalog.IncidentActionStore;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.catalog.IncidentStore;
import lifeboat.core.catalog.PolicyReviewStore;
import lifeboat.core.config.CrashPolicyConfig.PolicyConfig;
import lifeboat.core.config.Durations;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.model.Audience;
import lifeboat.core.model.MessageKind;
import lifeboat.core.notify.Alerts;
import lifeboat.core.notify.DigestSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash policy's review cycle ("reviewed annually by the IT department and school leadership"): when it was last
 * reviewed (the latest {@code lifeboat policy review}, else {@code policy.lastReviewed}), when the next is due
 * ({@code policy.reviewEvery} later), and, in the daily digest, that date, the open incidents and the preventive
 * measures past their date. Leadership gets a reminder once when the review is a month away and once when it is
 * overdue.
 */
public final class PolicyReviews implements DigestSection {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyReviews.class);
    /** How long before the due date leadership is reminded. */
    static final Duration REMIND_BEFORE = Duration.ofDays(30);

    private final PolicyConfig policy;
    private final PolicyReviewStore reviews;
    private final IncidentActionStore actions;
    private final IncidentStore incidents;
    private final Messenger messenger;
    private final ZoneId zone;
    private final Clock clock;
    private final boolean leadershipConfigured;

    public PolicyReviews(LifeboatConfig config, PolicyReviewStore reviews, IncidentActionStore actions,
            IncidentStore incidents, Alerts alerts, Clock clock) {
        this.policy = config.crashPolicy().policy();
        this.reviews = reviews;
        this.actions = actions;
        this.incidents = incidents;
        this.messenger = Messenger.of(config, alerts, incidents);
        this.zone = config.notifications().zone();
        this.clock = clock;
        this.leadershipConfigured = !config.crashPolicy().channels(Audience.LEADERSHIP).isEmpty();
    }

    /**
     * Where the review cycle stands.
     *
     * @param lastReviewed the last review's date, or null when none is known
     * @param recordedBy who recorded it with {@code lifeboat policy review}, or "config" for
     *     {@code policy.lastReviewed}, or null
     * @param due when the next review is due; today when none is known
     * @param daysLeft days until it is due; negative when overdue
     */
    public record Status(LocalDate lastReviewed, String recordedBy, String notes, Duration every, LocalDate due,
            long daysLeft, boolean overdue, List<IncidentActionStore.Overdue> overdueActions) {
        public Status {
            overdueActions = List.copyOf(overdueActions);
        }
    }

    public Status status() throws SQLException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        var latest = reviews.latest();
        LocalDate last = latest.map(r -> LocalDate.ofInstant(r.at(), zone)).orElse(policy.lastReviewed());
        if (latest.isPresent() && policy.lastReviewed() != null && policy.lastReviewed().isAfter(last)) {
            last = policy.lastReviewed();
        }
        String by = latest.isPresent() && LocalDate.ofInstant(latest.get().at(), zone).equals(last)
                ? latest.get().reviewedBy() : last == null ? null : "config";
        String notes = "config".equals(by) || latest.isEmpty() ? null : latest.get().notes();
        LocalDate due = last == null ? today : last.plusDays(Math.max(1, policy.reviewEvery().toDays()));
        long left = ChronoUnit.DAYS.between(today, due);
        return new Status(last, by, notes, policy.reviewEvery(), due, left, left < 0,
                actions.overdue(today));
    }

    /** Records a review done now; returns the cycle as it then stands. */
    public Status review(String notes) throws SQLException {
        reviews.record(clock.instant(), Author.current(), notes == null || notes.isBlank() ? null : notes.strip());
        return status();
    }

    @Override
    public Part build(Instant to) throws SQLException {
        Status s = status();
        List<String> lines = new ArrayList<>();
        List<String> attention = new ArrayList<>();
        lines.add("next review due " + s.due() + (s.overdue() ? " (OVERDUE by " + -s.daysLeft() + " days)"
                : " (in " + s.daysLeft() + " days)") + "; last reviewed " + (s.lastReviewed() == null ? "never"
                        : s.lastReviewed() + (s.recordedBy() == null ? "" : " (" + s.recordedBy() + ")")));
        if (s.overdue()) {
            attention.add("the crash policy's review is overdue since " + s.due()
                    + "; record it with lifeboat policy review");
        }
        List<IncidentRecord> open = incidents.incidents(true);
        lines.add(open.isEmpty() ? "no open incidents" : open.size() + " open incident(s): " + String.join("; ",
                open.stream().map(i -> i.id() + " " + i.title() + " (" + i.state().label() + ")").toList()));
        if (s.overdueActions().isEmpty()) {
            lines.add("no preventive measure is past its date");
        }
        for (IncidentActionStore.Overdue o : s.overdueActions()) {
            String line = "preventive measure " + o.action().number() + " of incident " + o.incidentId() + " ("
                    + o.title() + "): " + o.action().text() + ", " + o.action().owner() + ", due " + o.action().due();
            lines.add("PAST ITS DATE: " + line);
            attention.add(line + " is past its date");
        }
        return new Part("Crash policy (review every " + Durations.text(s.every()) + ")", lines, attention);
    }

    /** After the digest: reminds leadership once a month before the review is due, and once when it is overdue. */
    @Override
    public void digestSent(Instant to) {
        try {
            remind();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot send the policy review reminder: {}", e.toString());
        }
    }

    /** Sends the reminder when it is due and was not sent before; returns whether it was sent now. */
    public boolean remind() throws SQLException {
        if (!leadershipConfigured) {
            return false;
        }
        Status s = status();
        if (s.daysLeft() > REMIND_BEFORE.toDays()) {
            return false;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("overdue", s.overdue());
        values.put("due", s.due().toString());
        values.put("every", Durations.text(s.every()));
        values.put("lastReviewed", s.lastReviewed() == null ? null : s.lastReviewed().toString());
        long open = incidents.incidents(false).stream().filter(i -> s.lastReviewed() == null
                || !i.openedAt().isBefore(s.lastReviewed().atStartOfDay(zone).toInstant())).count();
        values.put("incidents", open == 0 ? null : open);
        return messenger.tellOnce(Audience.LEADERSHIP, MessageKind.REVIEW_DUE, values, "policy-review:" + s.due()
                + (s.overdue() ? ":overdue" : ":soon"), clock.instant());
    }
}
