package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.Database;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.model.CopyStatus;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.core.repo.Json;
import lifeboat.core.repo.ManifestEntry;
import lifeboat.core.repo.RepositoryLayout;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifeboat restore} of a backup whose archive and manifest were replaced by crafted ones (entries with
 * {@code ../}, an absolute path, below a symlink that leads out): each entry is refused by name, the command exits 1,
 * and nothing is written outside the target.
 */
class RestoreRefusesEscapesTest {
    private static final Instant MTIME = Instant.parse("2026-01-05T08:00:00Z");

    @TempDir
    Path dir;

    private final String absName = "/lifeboat-i13-abs-" + System.nanoTime() + ".txt";

    @AfterEach
    void removeAbs() throws Exception {
        Files.deleteIfExists(Path.of(absName)); // only there if the restore wrote it
    }

    @Test
    void restore_refusesEachEscapingEntryByName_exits1_andWritesNothingOutside() throws Exception {
        Path config = Cli.install(dir, "");
        Cli.write(dir, "share/ok.txt", "harmless\n");
        Cli.Result b = Cli.on(config, "backup", "share", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        String id = b.json().get("id").asText();
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path backupDir = dir.resolve("repo/" + RepositoryLayout.backupPrefix("share", id));

        List<ManifestEntry> manifest = new ArrayList<>();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new ZstdOutputStream(
                Files.newOutputStream(backupDir.resolve(RepositoryLayout.DATA))), "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            file(tar, manifest, id, absName, "absolute\n");
            file(tar, manifest, id, "../escape.txt", "escaped\n");
            symlink(tar, manifest, "link", outside.toString());
            file(tar, manifest, id, "link/evil.txt", "through a symlink\n");
            file(tar, manifest, id, "ok.txt", "harmless\n");
        }
        try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(backupDir.resolve(RepositoryLayout.MANIFEST)))) {
            for (ManifestEntry e : manifest) {
                out.write(Json.MAPPER.writeValueAsBytes(e));
                out.write('\n');
            }
        }
        // the catalog learns the crafted objects, as one rebuilt from the tampered repository would: the size and
        // hash checks pass, and the restore's own path checks are what is tested
        try (Lifeboat lb = Lifeboat.open(new ConfigLoader(PluginRegistry.load()).load(config), PluginRegistry.load());
                Database db = Database.open(lb.config().catalogUrl())) {
            List<ObjectRecord> crafted = new ArrayList<>();
            for (ObjectRecord o : lb.inventory().objects(id)) {
                byte[] bytes = Files.readAllBytes(backupDir.resolve(RepositoryLayout.fileName(o.key())));
                crafted.add(new ObjectRecord(id, o.storage(), o.key(), bytes.length, sha(bytes), null));
            }
            new BackupStore(db).addCopy(new CopyRecord(id, crafted.get(0).storage(), CopyStatus.COMPLETE,
                    Instant.now()), crafted);
        }

        Path target = dir.resolve("target");
        Cli.Result r = Cli.on(config, "restore", id, "--to", target.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED").contains("'" + absName + "'").contains("'../escape.txt'")
                .contains("'link/evil.txt'");
        assertThat(Path.of(absName)).doesNotExist();
        assertThat(dir.resolve("escape.txt")).doesNotExist();
        try (var s = Files.list(outside)) {
            assertThat(s).isEmpty();
        }
        assertThat(target.resolve("ok.txt")).hasContent("harmless");
    }

    private static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void file(TarArchiveOutputStream tar, List<ManifestEntry> manifest, String id, String name,
            String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry te = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        te.setSize(bytes.length);
        te.setMode(0644);
        te.setLastModifiedTime(FileTime.from(MTIME));
        tar.putArchiveEntry(te);
        tar.write(bytes);
        tar.closeArchiveEntry();
        manifest.add(new ManifestEntry(name, ManifestEntry.FILE, bytes.length, MTIME, MTIME, 0644, 0, 0, null, null,
                null, sha(bytes), null, id, null));
    }

    private static void symlink(TarArchiveOutputStream tar, List<ManifestEntry> manifest, String name, String link)
            throws Exception {
        TarArchiveEntry te = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        te.setLinkName(link);
        te.setMode(0777);
        te.setLastModifiedTime(FileTime.from(MTIME));
        tar.putArchiveEntry(te);
        tar.closeArchiveEntry();
        manifest.add(new ManifestEntry(name, ManifestEntry.SYMLINK, 0, MTIME, MTIME, 0777, 0, 0, null, null, null, null,
                link, null, null));
    }
}
