package lifeboat.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import lifeboat.core.config.EncryptionSpec;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import lifeboat.spi.NoSuchObjectException;
import lifeboat.spi.ObjectInfo;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Storage;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadChainTest {
    static final String PLAIN = "backups/share/20260105T010000Z-abcd/data.tar.zst";
    private static final String SEALED = PLAIN + Encryption.SUFFIX;

    final Memory storage = new Memory();
    final byte[] content = content();
    private String identity;
    private String otherIdentity;
    private Encryption encryption;

    @BeforeEach
    void keys() throws Exception {
        KeyPair pair = new X25519KeyPairGenerator().generateKeyPair();
        identity = pair.getPrivate().toString();
        otherIdentity = new X25519KeyPairGenerator().generateKeyPair().getPrivate().toString();
        encryption = Encryption.of(new EncryptionSpec(List.of(pair.getPublic().toString()), identity));
    }

    @ParameterizedTest
    @ValueSource(strings = {PLAIN, SEALED})
    void goodObject_readsBackExactBytes(String key) throws Exception {
        byte[] stored = store(key);
        try (ReadChain chain = open(key, identity)) {
            assertThat(chain.content().readAllBytes()).isEqualTo(content);
            assertThat(chain.bytesRead()).isEqualTo(stored.length);
            assertThat(chain.sha256()).isEqualTo(sha(stored));
        }
        try (ReadChain chain = open(key, identity)) {
            assertThat(chain.raw().readAllBytes()).isEqualTo(stored);
        }
    }

    @Test
    void plain_isTheDecryptedStillCompressedObject() throws Exception {
        store(SEALED);
        byte[] compressed = compress(content);
        try (ReadChain chain = open(SEALED, identity)) {
            assertThat(Zstd.decompress(new ByteArrayInputStream(chain.plain().readAllBytes())).readAllBytes())
                    .isEqualTo(content);
        }
        assertThat(compressed.length).isLessThan(content.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {PLAIN, SEALED})
    void truncatedObject_isASizeMismatchNamingTheKeyAndTarget(String key) throws Exception {
        byte[] stored = store(key);
        storage.objects.put(key, Arrays.copyOf(stored, stored.length - 100));
        try (ReadChain chain = open(key, identity, stored)) {
            assertThatThrownBy(() -> chain.content().readAllBytes()).isInstanceOfSatisfying(ReadChain.Failure.class,
                    f -> {
                        assertThat(f.problem()).isEqualTo(ReadChain.Problem.SIZE_MISMATCH);
                        assertThat(f.getMessage()).contains(key).contains("memory")
                                .contains((stored.length - 100) + " bytes").contains(String.valueOf(stored.length));
                        assertThat(f.key()).isEqualTo(key);
                        assertThat(f.storage()).isEqualTo("memory");
                    });
        }
    }

    @Test
    void longerObject_failsAsSoonAsTheRecordedSizeIsPassed() throws Exception {
        byte[] stored = store(PLAIN);
        byte[] longer = Arrays.copyOf(stored, stored.length + 10);
        storage.objects.put(PLAIN, longer);
        try (ReadChain chain = open(PLAIN, null, stored)) {
            assertThatThrownBy(() -> chain.raw().readAllBytes()).isInstanceOfSatisfying(ReadChain.Failure.class,
                    f -> assertThat(f.problem()).isEqualTo(ReadChain.Problem.SIZE_MISMATCH));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {PLAIN, SEALED})
    void flippedByte_isAHashMismatch(String key) throws Exception {
        byte[] stored = store(key);
        byte[] bad = stored.clone();
        bad[bad.length / 2] ^= 0x01;
        storage.objects.put(key, bad);
        try (ReadChain chain = open(key, identity, stored)) {
            assertThatThrownBy(() -> chain.content().readAllBytes()).isInstanceOfSatisfying(ReadChain.Failure.class,
                    f -> {
                        assertThat(f.problem()).isEqualTo(ReadChain.Problem.HASH_MISMATCH);
                        assertThat(f.getMessage()).contains(key).contains("memory").contains(sha(stored))
                                .contains(sha(bad));
                        assertThat(f.expected()).isEqualTo(sha(stored));
                        assertThat(f.actual()).isEqualTo(sha(bad));
                    });
            assertThat(chain.sha256()).isEqualTo(sha(bad));
            assertThatThrownBy(chain::finish).isInstanceOfSatisfying(ReadChain.Failure.class,
                    f -> assertThat(f.problem()).isEqualTo(ReadChain.Problem.HASH_MISMATCH));
        }
        try (ReadChain chain = open(key, identity, stored)) {
            assertThatThrownBy(() -> chain.raw().readAllBytes()).isInstanceOfSatisfying(ReadChain.Failure.class,
                    f -> assertThat(f.problem()).isEqualTo(ReadChain.Problem.HASH_MISMATCH));
        }
    }

    @Test
    void flippedByteInAnAgeObject_saysTheObjectIsCorrupt_notReadChunkFailed() throws Exception {
        byte[] stored = store(SEALED);
        byte[] bad = stored.clone();
        bad[bad.length / 2] ^= 0x01;
        storage.objects.put(SEALED, bad);
        try (ReadChain chain = open(SEALED, identity, stored)) {
            assertThatThrownBy(() -> chain.content().readAllBytes()).isInstanceOfSatisfying(ReadChain.Failure.class,
                    f -> assertThat(f.filterError().getMessage()).contains(SEALED).contains("is corrupt")
                            .contains("cannot be decrypted").doesNotContain("counter"));
        }
    }

    @Test
    void readerThatStopsEarly_findsTheMismatchWithFinish() throws Exception {
        byte[] stored = store(PLAIN);
        byte[] bad = stored.clone();
        bad[bad.length - 1] ^= 0x01; // in the frame's checksum, after content the reader needs
        storage.objects.put(PLAIN, bad);
        try (ReadChain chain = open(PLAIN, null, stored)) {
            assertThat(chain.content().readNBytes(100)).isEqualTo(Arrays.copyOf(content, 100));
            assertThatThrownBy(chain::finish).isInstanceOfSatisfying(ReadChain.Failure.class,
                    f -> assertThat(f.problem()).isEqualTo(ReadChain.Problem.HASH_MISMATCH));
        }
    }

    @Test
    void wrongIdentity_isUnreadableWithAClearMessageAndNoKey() throws Exception {
        store(SEALED);
        try (ReadChain chain = open(SEALED, otherIdentity)) {
            assertThatThrownBy(chain::content).isInstanceOfSatisfying(ReadChain.Failure.class, f -> {
                assertThat(f.problem()).isEqualTo(ReadChain.Problem.UNREADABLE);
                assertThat(f.getMessage()).contains(SEALED).contains("memory")
                        .contains("cannot be decrypted with the configured age identity")
                        .doesNotContain("AGE-SECRET-KEY").doesNotContain(otherIdentity).doesNotContain(identity);
            });
            chain.finish(); // the stored bytes can still be checked without the key
            assertThat(chain.sha256()).isEqualTo(sha(storage.objects.get(SEALED)));
        }
    }

    @Test
    void noIdentity_namesTheMissingSetting() throws Exception {
        store(SEALED);
        try (ReadChain chain = open(SEALED, null)) {
            assertThatThrownBy(chain::content).isInstanceOfSatisfying(ReadChain.Failure.class, f -> {
                assertThat(f.problem()).isEqualTo(ReadChain.Problem.UNREADABLE);
                assertThat(f.getMessage()).contains(SEALED).contains("encryption.identity");
            });
            assertThat(chain.raw().readAllBytes()).isEqualTo(storage.objects.get(SEALED)); // the hash needs no key
        }
    }

    @Test
    void missingObject_isMissing() {
        assertThatThrownBy(() -> ReadChain.open(storage, PLAIN, 10, "00", null))
                .isInstanceOfSatisfying(ReadChain.Failure.class, f -> {
                    assertThat(f.problem()).isEqualTo(ReadChain.Problem.MISSING);
                    assertThat(f.getMessage()).contains(PLAIN).contains("memory");
                });
    }

    @Test
    void onRead_seesEveryStoredByte() throws Exception {
        byte[] stored = store(SEALED);
        long[] seen = {0};
        try (ReadChain chain = open(SEALED, identity).onRead(n -> seen[0] += n)) {
            chain.content().transferTo(OutputStream.nullOutputStream());
        }
        assertThat(seen[0]).isEqualTo(stored.length);
    }

    @Test
    void unrecordedObject_isReadUnchecked() throws Exception {
        store(PLAIN);
        storage.objects.get(PLAIN)[10] ^= 0x01;
        try (ReadChain chain = ReadChain.open(storage, PLAIN, null)) {
            assertThat(chain.raw().readAllBytes()).isEqualTo(storage.objects.get(PLAIN));
        }
    }

    ReadChain open(String key, String id) throws IOException {
        return open(key, id, storage.objects.get(key));
    }

    private ReadChain open(String key, String id, byte[] recorded) throws IOException {
        return ReadChain.open(storage, key, recorded.length, sha(recorded), id);
    }

    byte[] store(String key) throws IOException {
        byte[] compressed = compress(content);
        byte[] stored = compressed;
        if (StoredObjects.encrypted(key)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream enc = encryption.encrypt(out)) {
                enc.write(compressed);
            }
            stored = out.toByteArray();
        }
        storage.objects.put(key, stored);
        return stored.clone();
    }

    private static byte[] compress(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = Zstd.compress(out, Zstd.DEFAULT_LEVEL, 0)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    /** How much content each test's object holds; larger objects are read ahead on a thread of their own. */
    int contentLength() {
        return 400_000;
    }

    private byte[] content() {
        SplittableRandom r = new SplittableRandom(7);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < contentLength()) {
            sb.append("line ").append(r.nextInt(1_000_000)).append(' ').append(Long.toHexString(r.nextLong()))
                    .append('\n');
        }
        return sb.toString().getBytes();
    }

    static String sha(byte[] bytes) {
        return Hex.encodeHexString(Sha256.digest().digest(bytes));
    }

    /** Objects in memory. */
    static final class Memory implements Storage {
        final Map<String, byte[]> objects = new HashMap<>();

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public String location() {
            return "memory";
        }

        @Override
        public PendingObject create(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream open(String key) throws IOException {
            byte[] b = objects.get(key);
            if (b == null) {
                throw new NoSuchObjectException(name(), key);
            }
            return new ByteArrayInputStream(b);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ObjectInfo> list(String prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String key) {
            objects.remove(key);
        }

        @Override
        public int removeIncomplete(String prefix) {
            return 0;
        }
    }
}
