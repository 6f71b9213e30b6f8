package lifeboat.core.backup;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * A tar entry whose pax {@code mtime} keeps all nine digits of the nanoseconds. Commons Compress writes only seven;
 * its output stream adds an entry's extra pax headers after its own, so this one wins, and GNU tar restores the exact
 * time from it.
 */
final class ExactTimeTarEntry extends TarArchiveEntry {
    private final Instant mtime;

    ExactTimeTarEntry(String name, byte linkFlag, Instant mtime) {
        super(name, linkFlag, true);
        this.mtime = mtime;
    }

    @Override
    public Map<String, String> getExtraPaxHeaders() {
        Map<String, String> base = super.getExtraPaxHeaders();
        if (mtime == null || mtime.getNano() % 100 == 0) {
            return base;
        }
        Map<String, String> out = new HashMap<>(base);
        out.put("mtime", mtime.getEpochSecond() + "." + String.format("%09d", mtime.getNano()));
        return out;
    }
}
