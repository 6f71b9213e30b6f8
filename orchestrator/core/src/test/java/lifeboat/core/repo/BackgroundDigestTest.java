package lifeboat.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.SplittableRandom;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackgroundDigestTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, BackgroundDigest.CHUNK - 1, BackgroundDigest.CHUNK, BackgroundDigest.CHUNK + 1,
        BackgroundDigest.CHUNK * BackgroundDigest.SLOTS * 3 + 12345})
    void hex_isTheSha256OfEveryByte_whateverTheReadSizes(int size) throws Exception {
        SplittableRandom random = new SplittableRandom(size);
        byte[] data = new byte[size];
        random.nextBytes(data);
        BackgroundDigest d = new BackgroundDigest();
        for (int off = 0; off < size; ) {
            int n = Math.min(size - off, 1 + random.nextInt(300_000));
            d.update(data, off, n);
            off += n;
        }
        MessageDigest plain = MessageDigest.getInstance("SHA-256");
        assertThat(d.hex()).isEqualTo(Hex.encodeHexString(plain.digest(data)));
    }
}
