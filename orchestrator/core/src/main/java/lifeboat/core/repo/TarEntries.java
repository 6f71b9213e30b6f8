package lifeboat.core.repo;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Tar entry helpers shared by restore and verify. */
public final class TarEntries {
    private TarEntries() {
    }

    /** True for an entry that carries a regular file's bytes (not a link, directory or special file). */
    public static boolean regularFile(TarArchiveEntry e) {
        byte f = e.getLinkFlag();
        return (f == TarConstants.LF_NORMAL || f == TarConstants.LF_OLDNORM || f == TarConstants.LF_CONTIG)
                && !e.getName().endsWith("/");
    }
}
