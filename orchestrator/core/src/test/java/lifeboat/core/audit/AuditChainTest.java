package lifeboat.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import lifeboat.core.catalog.AuditRecord;
import lifeboat.core.catalog.AuditStore;
import lifeboat.core.catalog.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit chain on an H2 catalog: appended entries chain up, and each way of tampering with the catalog's copy is
 * detected at the entry where it was done, and named.
 */
class AuditChainTest {
    protected Database database;
    protected AuditStore store;
    protected AuditLog log;
    protected String url;

    protected String newCatalogUrl() throws Exception {
        return "jdbc:h2:mem:i17_audit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }

    @BeforeEach
    void openCatalog() throws Exception {
        url = newCatalogUrl();
        database = Database.open(url);
        store = new AuditStore(database);
        log = AuditLog.inCatalog(store, Clock.fixed(Instant.parse("2026-03-02T01:00:00.123456789Z"), ZoneOffset.UTC));
        Actor daemon = Actor.daemon("node-1");
        for (int i = 1; i <= 6; i++) {
            log.append(daemon, AuditEvent.of(AuditType.BACKUP_FINISHED, "src" + i, "backup", "b" + i, "status",
                    "complete", "objects", java.util.List.of(java.util.Map.of("key", "k" + i, "sha256", "ab" + i))));
        }
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    private ChainBreak firstBreak() throws Exception {
        ChainCheck.Result r = new ChainCheck(store).check();
        assertThat(r.intact()).as("tampering detected").isFalse();
        return r.firstBreak().orElseThrow();
    }

    protected void sql(String sql, Object... args) throws Exception {
        try (Connection c = DriverManager.getConnection(Database.effectiveUrl(url));
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    @Test
    void appendedEntries_chainUp_andTheCheckFindsThemIntact() throws Exception {
        ChainCheck.Result r = new ChainCheck(store).check();
        assertThat(r.intact()).isTrue();
        assertThat(r.entries()).isEqualTo(6);
        AuditRecord first = store.entry(1).orElseThrow();
        AuditRecord second = store.entry(2).orElseThrow();
        assertThat(first.entry()).contains("\"prev\":\"" + Canonical.GENESIS + "\"").contains("\"seq\":1")
                .startsWith("{\"actor\":{");
        assertThat(second.entry()).contains("\"prev\":\"" + first.hash() + "\"");
        assertThat(second.hash()).isEqualTo(Canonical.sha256(second.entry()));
        assertThat(store.head()).isEqualTo(new AuditStore.Head(6, store.entry(6).orElseThrow().hash()));
        assertThat(first.actor()).startsWith("daemon:node-1");
    }

    @Test
    void editingOneFieldOfOneEntry_isNamedAsEdited() throws Exception {
        AuditRecord e = store.entry(3).orElseThrow();
        sql("update audit_log set entry = ? where seq = 3", e.entry().replace("\"complete\"", "\"failed\""));
        ChainBreak b = firstBreak();
        assertThat(b.kind()).isEqualTo(BreakKind.EDITED);
        assertThat(b.seq()).isEqualTo(3);
        assertThat(b.claims()).contains("backup-finished of src3");
        assertThat(b.describe()).contains("edited at entry 3");
    }

    @Test
    void editingAColumn_isNamedAsEdited() throws Exception {
        sql("update audit_log set source = 'other' where seq = 2");
        ChainBreak b = firstBreak();
        assertThat(b.kind()).isEqualTo(BreakKind.EDITED);
        assertThat(b.seq()).isEqualTo(2);
        assertThat(b.detail()).contains("source column says other");
    }

    @Test
    void anEntryRewrittenWithANewHash_isNamedAsEdited_byTheNextEntry() throws Exception {
        AuditRecord e = store.entry(4).orElseThrow();
        String forged = e.entry().replace("\"complete\"", "\"failed\"");
        sql("update audit_log set entry = ?, hash = ? where seq = 4", forged, Canonical.sha256(forged));
        ChainBreak b = firstBreak();
        assertThat(b.kind()).isEqualTo(BreakKind.EDITED);
        assertThat(b.seq()).isEqualTo(4);
    }

    @Test
    void deletingAnEntry_isNamedAsMissing() throws Exception {
        sql("delete from audit_log where seq = 3");
        ChainBreak b = firstBreak();
        assertThat(b.kind()).isEqualTo(BreakKind.MISSING);
        assertThat(b.seq()).isEqualTo(3);
    }

    @Test
    void deletingAnEntryAndRenumbering_isNamedAsMissing() throws Exception {
        sql("delete from audit_log where seq = 3");
        sql("update audit_log set seq = seq - 1 where seq > 3");
        ChainBreak b = firstBreak();
        assertThat(b.kind()).isEqualTo(BreakKind.MISSING);
        assertThat(b.seq()).isEqualTo(3);
    }

    @Test
    void insertingAnEntry_isNamedAsInserted() throws Exception {
        AuditRecord before = store.entry(2).orElseThrow();
        for (long seq = 6; seq >= 3; seq--) { // one at a time: the primary key holds at every step
            sql("update audit_log set seq = seq + 1 where seq = ?", seq);
        }
        AuditRecord forged = CatalogAuditLog.entry(3, before.hash(), before.at(), Actor.command("backup"),
                AuditEvent.of(AuditType.VERIFICATION, "src2", "status", "ok"));
        sql("insert into audit_log (seq, at, type, source, actor, entry, hash) values (?, ?, ?, ?, ?, ?, ?)",
                forged.seq(), java.sql.Timestamp.from(forged.at()), forged.type(), forged.source(), forged.actor(),
                forged.entry(), forged.hash());
        ChainBreak b = firstBreak();
        assertThat(b.kind()).isEqualTo(BreakKind.INSERTED);
        assertThat(b.seq()).isEqualTo(3);
        assertThat(b.claims()).contains("verification of src2");
    }

    @Test
    void swappingTwoEntries_isNamedAsReordered() throws Exception {
        sql("update audit_log set seq = 100 where seq = 4");
        sql("update audit_log set seq = 4 where seq = 5");
        sql("update audit_log set seq = 5 where seq = 100");
        ChainBreak b = firstBreak();
        assertThat(b.kind()).isEqualTo(BreakKind.REORDERED);
        assertThat(b.seq()).isEqualTo(4);
        assertThat(b.detail()).contains("entries 4 and 5 changed places");
    }

    @Test
    void truncatingTheTail_isNamedAsTruncated() throws Exception {
        sql("delete from audit_log where seq > 4");
        ChainBreak b = firstBreak();
        assertThat(b.kind()).isEqualTo(BreakKind.TRUNCATED);
        assertThat(b.seq()).isEqualTo(5);
        assertThat(b.detail()).contains("ends at entry 4 but its head says 6");
    }

    @Test
    void appendingAfterTheCheck_continuesTheChain() throws Exception {
        assertThat(log.append(Actor.command("verify"), AuditEvent.of(AuditType.VERIFICATION, "x"))).isEqualTo(7);
        assertThat(new ChainCheck(store).check().intact()).isTrue();
        assertThat(store.latest(AuditType.VERIFICATION.label())).map(AuditRecord::seq).isEqualTo(Optional.of(7L));
    }


    /** Two writers with connections of their own (a CLI and a daemon, or two nodes) appending at once. */
    @Test
    void twoWritersAtOnce_neverForkTheChain() throws Exception {
        int each = 50;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<List<Long>>> writers = new ArrayList<>();
        for (String node : List.of("node-a", "node-b")) {
            writers.add(CompletableFuture.supplyAsync(() -> {
                try (Database own = Database.open(url)) {
                    AuditLog nodeLog = AuditLog.inCatalog(new AuditStore(own), Clock.systemUTC());
                    start.await(30, TimeUnit.SECONDS);
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        seqs.add(nodeLog.append(Actor.daemon(node), AuditEvent.of(AuditType.NOTIFICATION_SENT,
                                node, "n", i)));
                    }
                    return seqs;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        start.countDown();
        List<Long> all = new ArrayList<>();
        for (CompletableFuture<List<Long>> w : writers) {
            all.addAll(w.get(120, TimeUnit.SECONDS));
        }
        assertThat(all).doesNotContain(-1L).doesNotHaveDuplicates().hasSize(2 * each);
        ChainCheck.Result r = new ChainCheck(store).check();
        assertThat(r.firstBreak()).isEmpty();
        assertThat(r.entries()).isEqualTo(6 + 2 * each);
        assertThat(store.head().seq()).isEqualTo(6 + 2 * each);
    }
}
