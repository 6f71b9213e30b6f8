package lifeboat.core.model;

/** Byte counts as people read them: {@code 512 B}, {@code 1.4 KiB}, {@code 120.3 GiB}. */
public final class Sizes {
    private Sizes() {
    }

    public static String text(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String units = "KMGTPE";
        int u = (63 - Long.numberOfLeadingZeros(n)) / 10;
        return String.format("%.1f %siB", n / (double) (1L << (u * 10)), units.charAt(u - 1));
    }
}
