package lifeboat.core.repo;

import java.util.Comparator;

/**
 * The order of paths in a walk, an archive and a manifest: depth first, siblings sorted by name. Comparing
 * segment by segment gives that order ({@code a/b} &lt; {@code a/b/c} &lt; {@code a/b-x}), which plain string
 * order does not, since {@code '-'} sorts before {@code '/'}.
 */
public final class PathOrder implements Comparator<String> {
    public static final PathOrder INSTANCE = new PathOrder();

    private PathOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ea = a.indexOf('/', i);
            int eb = b.indexOf('/', j);
            if (ea < 0) {
                ea = a.length();
            }
            if (eb < 0) {
                eb = b.length();
            }
            int c = compareSegment(a, i, ea, b, j, eb);
            if (c != 0) {
                return c;
            }
            i = ea + 1;
            j = eb + 1;
        }
        return Integer.compare(a.length() - Math.min(i, a.length()), b.length() - Math.min(j, b.length()));
    }

    private static int compareSegment(String a, int ai, int ae, String b, int bi, int be) {
        int la = ae - ai;
        int lb = be - bi;
        int n = Math.min(la, lb);
        for (int k = 0; k < n; k++) {
            char ca = a.charAt(ai + k);
            char cb = b.charAt(bi + k);
            if (ca != cb) {
                return ca - cb;
            }
        }
        return la - lb;
    }
}
