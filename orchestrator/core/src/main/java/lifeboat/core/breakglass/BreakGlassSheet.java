package lifeboat.core.breakglass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lifeboat.core.auditing.SigningKey;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.config.BreakGlassConfig;
import lifeboat.core.config.EncryptionSpec;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.LifeboatConfig.RecoveryGroup;
import lifeboat.core.config.LifeboatConfig.RecoveryPlanConfig;
import lifeboat.core.config.LifeboatConfig.RecoverySource;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.config.TargetConfig;
import lifeboat.core.document.Document;
import lifeboat.core.document.DocumentFormat;
import lifeboat.core.document.Documents;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.Sizes;
import lifeboat.core.plugins.Targets;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.Sha256;
import lifeboat.core.repo.StoredObjects;
import lifeboat.core.trial.BackupGrader;
import lifeboat.core.trial.LatestGood;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Settings;
import lifeboat.spi.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The break-glass sheet: one printable document with what a technician needs when no Lifeboat works, in the
 * recovery plans' order (sources in no plan after): per source where each copy is, its latest good backup with its
 * objects' SHA-256, whether it is encrypted and to which key, and the exact commands that restore it with standard
 * tools only. Never a secret: where the identity is kept, from {@code breakGlass.identityKeptAt}, not the identity.
 * {@code lifeboat break-glass} writes it; the daemon puts it nightly onto every storage target
 * ({@code break-glass/latest.pdf}) so the offsite copy always carries one.
 */
public final class BreakGlassSheet {
    private static final Logger LOG = LoggerFactory.getLogger(BreakGlassSheet.class);
    /** Where the daemon keeps the sheet on every storage target. */
    public static final String FOLDER = "break-glass/";
    public static final String KEY = FOLDER + "latest.pdf";
    /** The placeholder the commands use for the age identity's file: the sheet never holds it. */
    public static final String IDENTITY_FILE = "/root/age-identity.txt";

    private final LifeboatConfig config;
    private final Targets targets;
    private final BackupStore backups;
    private final BackupGrader grader;
    private final Clock clock;

    public BreakGlassSheet(LifeboatConfig config, Targets targets, BackupStore backups, BackupGrader grader,
            Clock clock) {
        this.config = config;
        this.targets = targets;
        this.backups = backups;
        this.grader = grader;
        this.clock = clock;
    }

    /** A source in the order of recovery, with its plan's place and restore destination when it is in one. */
    private record Entry(SourceConfig source, String plan, Integer priority, RecoverySource where, boolean needTrial) {
    }

    /** What publishing did on each storage target: null error when the sheet is there. */
    public record Published(String storage, String key, long bytes, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    public Document build() throws SQLException, IOException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        BreakGlassConfig bg = config.breakGlass();
        Document.Builder d = Document.builder("Break-glass sheet: restoring by hand, without Lifeboat")
                .subtitle("Made " + now + " from " + config.file() + ". Print it; keep it with the identity.");
        d.heading("Before you start");
        d.paragraph("This sheet lists, per system in the order of the recovery plan, where every copy of its backups is,"
                + " the latest good backup with the SHA-256 of each object, and the exact commands that restore it with"
                + " standard tools only (sha256sum, zstd, tar, jq, age, psql, pg_restore, mariadb). It was true when it"
                + " was made; if Lifeboat still works, `lifeboat recover` is quicker.");
        d.field("Identity (age secret key) kept at", bg.identityKeptAt() == null
                ? "not recorded (set breakGlass.identityKeptAt in lifeboat.yaml)" : bg.identityKeptAt());
        d.field("In the commands, the identity file is", IDENTITY_FILE + " (copy the identity there first; never onto"
                + " the storage targets)");
        SigningKey audit = SigningKey.in(config.dataDir());
        d.field("Audit log public key (Ed25519, checks the signed checkpoints under audit/ on every target)",
                audit.publicKey());
        d.field("Its fingerprint", audit.fingerprint());
        d.heading("Contacts");
        d.bullets(bg.contacts().isEmpty() ? List.of("none recorded (set breakGlass.contacts in lifeboat.yaml)")
                : bg.contacts());
        d.heading("Storage targets");
        List<List<String>> rows = new ArrayList<>();
        for (TargetConfig t : config.storage()) {
            rows.add(List.of(t.name(), t.type(), where(t), t.encryption() == null ? "none on the target (a source may"
                    + " encrypt its copies)" : "age: every copy on it"));
        }
        d.table(List.of("target", "type", "where", "encryption"), rows);
        int n = 0;
        for (Entry e : order()) {
            n++;
            source(d, n, e);
        }
        return d.build();
    }

    /** Renders the sheet in a format. */
    public byte[] render(DocumentFormat format) throws SQLException, IOException {
        return Documents.render(build(), format);
    }

    /** Puts the PDF onto every configured storage target, atomically (a reader never sees half a sheet). */
    public List<Published> publish() throws SQLException, IOException {
        byte[] pdf = render(DocumentFormat.PDF);
        List<Published> out = new ArrayList<>();
        for (TargetConfig t : config.storage()) {
            try {
                Storage s = targets.get(t.name());
                s.removeIncomplete(FOLDER); // what a killed put left behind: never a whole sheet
                try (PendingObject o = s.create(KEY)) {
                    o.write(pdf);
                    o.commit();
                }
                out.add(new Published(t.name(), KEY, pdf.length, null));
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not put the break-glass sheet onto storage target {}: {}", t.name(), e.getMessage());
                out.add(new Published(t.name(), KEY, 0, e.getMessage()));
            }
        }
        return out;
    }

    private List<Entry> order() {
        List<Entry> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<RecoveryPlanConfig> plans = new ArrayList<>(config.recoveryPlans().values());
        plans.sort((a, b) -> a.name().compareTo(b.name()));
        for (RecoveryPlanConfig plan : plans) {
            for (RecoveryGroup g : plan.ordered()) {
                for (RecoverySource rs : g.sources()) {
                    Optional<SourceConfig> sc = config.source(rs.name());
                    if (sc.isPresent() && seen.add(rs.name())) {
                        out.add(new Entry(sc.get(), plan.name(), g.priority(), rs,
                                plan.requireTrial(rs.name(), config.requireTrial())));
                    }
                }
            }
        }
        for (SourceConfig sc : config.sources()) {
            if (seen.add(sc.name())) {
                out.add(new Entry(sc, null, null, null, config.requireTrial()));
            }
        }
        return out;
    }

    private void source(Document.Builder d, int n, Entry e) throws SQLException {
        SourceConfig sc = e.source();
        d.pageBreak();
        d.heading(n + ". " + sc.name() + " (" + sc.type() + ")");
        d.field("Recovery plan", e.plan() == null ? "in no recovery plan" : e.plan() + ", priority " + e.priority());
        LatestGood good = grader.latestGood(sc.name(), null, e.needTrial());
        if (good.id() == null) {
            d.field("Latest good backup", "NONE: no backup of " + sc.name() + " is proven good");
            good.skipped().stream().limit(3).forEach(s -> d.field("passed over " + s.id(), s.reason()));
            return;
        }
        BackupRecord b = backups.backup(good.id()).orElseThrow();
        List<BackupRecord> chain = chain(b);
        d.field("Latest good backup", b.id());
        d.field("Started", b.startedAt());
        d.field("Level", b.level().label() + (chain.size() > 1 ? ", restore " + chain.size() + " backups oldest first"
                : ""));
        d.field("Grade", good.grade() == null ? "" : good.grade().label());
        d.field("Size", Sizes.text(b.bytes()) + " in " + b.files() + (b.kind() == BackupKind.DUMP ? " dump(s)"
                : " files"));
        List<CopyRecord> copies = backups.copies(b.id()).stream().filter(CopyRecord::complete).toList();
        List<ObjectRecord> objects = new ArrayList<>();
        for (BackupRecord c : chain) {
            objects.addAll(backups.objects(c.id()));
        }
        for (CopyRecord copy : copies) {
            copy(d, sc, e, chain, copy.storage(), objects.stream().filter(o -> o.storage().equals(copy.storage()))
                    .toList());
        }
    }

    private void copy(Document.Builder d, SourceConfig sc, Entry e, List<BackupRecord> chain, String storage,
            List<ObjectRecord> objects) {
        TargetConfig t = config.target(storage).orElse(null);
        EncryptionSpec spec = config.encryption(sc.name(), storage);
        boolean encrypted = objects.stream().anyMatch(o -> StoredObjects.encrypted(o.key()));
        d.subheading("Copy on " + storage);
        d.field("Where", t == null ? storage + " (no longer configured)" : where(t) + "/" + RepositoryLayout
                .backupPrefix(sc.name(), chain.get(chain.size() - 1).id()));
        if (encrypted) {
            List<String> recipients = spec == null ? List.of() : spec.recipients();
            d.field("Encrypted", "yes, with age, to " + (recipients.isEmpty() ? "the recipients in backup.json"
                    : String.join(", ", recipients)));
            for (String r : recipients) {
                d.field("Key fingerprint", fingerprint(r) + " (SHA-256 of " + r.substring(0, 12) + "...)");
            }
            d.field("Identity kept at", config.breakGlass().identityKeptAt() == null ? "not recorded"
                    : config.breakGlass().identityKeptAt());
        } else {
            d.field("Encrypted", "no");
        }
        List<List<String>> rows = new ArrayList<>();
        for (ObjectRecord o : objects) {
            if (o.key().endsWith("/" + RepositoryLayout.METADATA)) {
                continue;
            }
            rows.add(List.of(o.backupId(), RepositoryLayout.fileName(o.key()), Sizes.text(o.size()), o.sha256()));
        }
        d.table(List.of("backup", "object", "size", "SHA-256"), rows);
        d.code(ByHand.script(sc, e.where(), t, storage, chain, objects, encrypted));
    }

    /** The chain a backup restores through, oldest (its full) first. */
    private List<BackupRecord> chain(BackupRecord b) throws SQLException {
        List<BackupRecord> out = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        BackupRecord at = b;
        while (at != null && seen.put(at.id(), true) == null) {
            out.add(0, at);
            at = at.parentId() == null ? null : backups.backup(at.parentId()).orElse(null);
        }
        return out;
    }

    static String where(TargetConfig t) {
        if ("s3".equals(t.type())) {
            String prefix = t.settings().string("prefix").orElse("");
            return "s3://" + t.settings().string("bucket").orElse("?") + (prefix.isEmpty() ? "" : "/"
                    + stripSlashes(prefix)) + t.settings().string("endpoint").map(x -> " at " + x).orElse("");
        }
        if ("local".equals(t.type())) {
            return t.settings().path("path").map(p -> p.toAbsolutePath().normalize().toString()).orElse("?");
        }
        StringBuilder s = new StringBuilder(t.type()).append(':');
        for (String k : List.of("host", "port", "user", "path")) {
            if (t.settings().has(k)) {
                s.append(' ').append(k).append('=').append(text(t.settings(), k));
            }
        }
        return s.toString();
    }

    /** A setting as text, whatever its type (a string, a path, a number). */
    static String text(Settings settings, String key) {
        try {
            return settings.string(key).orElse("");
        } catch (ClassCastException notString) {
            try {
                return String.valueOf(settings.path(key).orElse(null));
            } catch (ClassCastException notPath) {
                return String.valueOf(settings.integer(key, 0));
            }
        }
    }

    static String stripSlashes(String s) {
        String out = s;
        while (out.startsWith("/")) {
            out = out.substring(1);
        }
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    /** A short, comparable fingerprint of an age recipient (a public key): SHA-256, first 16 hex digits. */
    static String fingerprint(String recipient) {
        MessageDigest sha = Sha256.digest();
        sha.update(recipient.getBytes(StandardCharsets.UTF_8));
        String hex = Sha256.hex(sha);
        return hex.substring(0, 4) + ":" + hex.substring(4, 8) + ":" + hex.substring(8, 12) + ":" + hex.substring(12, 16);
    }
}
