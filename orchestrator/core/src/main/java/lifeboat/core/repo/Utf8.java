package lifeboat.core.repo;

/** Well-formed UTF-8 (Unicode table 3-7): what the JDK's decoder reads without replacing anything. */
final class Utf8 {
    private Utf8() {
    }

    static boolean wellFormed(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int lo = 0x80;
            int hi = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                n = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                n = 2;
                if (c == 0xe0) {
                    lo = 0xa0; // no overlong forms
                } else if (c == 0xed) {
                    hi = 0x9f; // no surrogates
                }
            } else if (c >= 0xf0 && c <= 0xf4) {
                n = 3;
                if (c == 0xf0) {
                    lo = 0x90;
                } else if (c == 0xf4) {
                    hi = 0x8f; // nothing above U+10FFFF
                }
            } else {
                return false;
            }
            if (i + n >= to) { // cut short
                return false;
            }
            int second = b[i + 1] & 0xff;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k <= n; k++) {
                int cont = b[i + k] & 0xff;
                if (cont < 0x80 || cont > 0xbf) {
                    return false;
                }
            }
            i += n + 1;
        }
        return true;
    }
}
