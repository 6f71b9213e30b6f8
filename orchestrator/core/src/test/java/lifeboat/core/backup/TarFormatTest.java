package lifeboat.core.backup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class TarFormatTest {
    private static String headersOf(TarArchiveEntry entry) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var tar = BackupService.tarStream(bytes);
        tar.putArchiveEntry(entry);
        tar.flush();
        return bytes.toString(UTF_8);
    }

    @Test
    void fileOver8GiB_getsPaxSizeHeader() throws Exception {
        TarArchiveEntry e = new TarArchiveEntry("big/disk.vdi", TarConstants.LF_NORMAL, true);
        e.setSize(9L * 1024 * 1024 * 1024);
        assertThat(headersOf(e)).contains("size=" + (9L * 1024 * 1024 * 1024));
    }

    @Test
    void nanosecondMtime_isKeptInPaxHeader() throws Exception {
        Instant mtime = Instant.parse("2024-05-06T07:08:09.123456789Z");
        TarArchiveEntry e = new ExactTimeTarEntry("f", TarConstants.LF_NORMAL, mtime);
        e.setLastModifiedTime(FileTime.from(mtime));
        assertThat(headersOf(e)).contains("mtime=1714979289.123456789").doesNotContain("mtime=1714979289.1234567\n");
    }

    @Test
    void longAndUnicodeNames_getPaxPath() throws Exception {
        String name = "students/Jahrgang 2014/7a/Łukasz Öztürk/" + "ü".repeat(120) + "/Referat über 🌋.docx";
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        assertThat(headersOf(e)).contains("path=" + name);
    }

    @Test
    void largeOwnerIds_getPaxHeaders() throws Exception {
        TarArchiveEntry e = new TarArchiveEntry("f", TarConstants.LF_NORMAL, true);
        e.setUserId(3_000_000);
        e.setGroupId(4_000_000);
        assertThat(headersOf(e)).contains("uid=3000000").contains("gid=4000000");
    }
}
