package lifeboat.core.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Backup ids sort by time: {@code 20261128T010000Z-7f3a}. */
final class BackupIds {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private BackupIds() {
    }

    static String next(Instant at) {
        return FORMAT.format(at) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
