package lifeboat.core.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.config.EncryptionSpec;
import lifeboat.core.model.Progress;
import lifeboat.core.repo.Encryption;
import lifeboat.core.repo.HashingOutputStream;
import lifeboat.core.repo.Json;
import lifeboat.core.repo.ReadChain;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.StoredObjects;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Storage;

/**
 * A copy of a backup to a target that stores it differently from the copy it is read from: plain to encrypted,
 * encrypted to plain, or to other recipients. Copying the bytes would leave plaintext where the target asks for
 * encryption (or a copy nobody there can read), so each object is read once, checked against its recorded SHA-256,
 * decrypted if need be and encrypted to the target's recipients if it asks for it. {@code SHA256SUMS} and
 * {@code backup.json} are written anew for the copy, {@code backup.json} last.
 */
final class RecodedCopy {
    private final BackupRecord backup;
    private final Storage from;
    private final Storage to;
    private final String identity;
    private final EncryptionSpec want;
    private final Progress progress;
    private Map<String, Object> metadata;

    /**
     * @param identity the key that reads the copy on {@code from}, or null
     * @param want how the copy on {@code to} is to be encrypted, or null for plain
     */
    RecodedCopy(BackupRecord backup, Storage from, Storage to, String identity, EncryptionSpec want,
            Progress progress) {
        this.backup = backup;
        this.from = from;
        this.to = to;
        this.identity = identity;
        this.want = want;
        this.progress = progress;
    }

    /**
     * Whether the copy on {@code from} is stored differently from what {@code to} asks for, by the recipients its
     * {@code backup.json} records: the keys of the copy itself, whatever the configuration says today.
     */
    boolean needed(List<ObjectRecord> objects) throws IOException {
        Object age = metadata(objects).get("encryption");
        Set<Object> have = age instanceof Map<?, ?> m && m.get("recipients") instanceof List<?> r
                ? new HashSet<>(r) : null;
        Set<Object> wanted = want == null ? null : new HashSet<>(want.recipients());
        return !Objects.equals(have, wanted);
    }

    /** Writes the copy and returns its objects as stored on {@code to}; on a failure the caller removes them. */
    List<ObjectRecord> copy(List<ObjectRecord> objects) throws IOException {
        Encryption enc = Encryption.of(want);
        List<ObjectRecord> copied = new ArrayList<>();
        List<Map<String, Object>> listed = new ArrayList<>();
        StringBuilder sums = new StringBuilder();
        for (ObjectRecord o : objects) {
            String name = RepositoryLayout.fileName(o.key());
            if (name.equals(RepositoryLayout.METADATA) || name.equals(RepositoryLayout.SUMS)) {
                continue;
            }
            String logical = StoredObjects.encrypted(name) ? name.substring(0, name.length() - Encryption.SUFFIX.length())
                    : name;
            ObjectRecord c = recode(o, StoredObjects.stored(logical, enc), enc);
            copied.add(c);
            listed.add(entry(c));
            sums.append(c.sha256()).append("  ").append(RepositoryLayout.fileName(c.key())).append('\n');
        }
        ObjectRecord sumsObject = write(RepositoryLayout.SUMS, sums.toString().getBytes(StandardCharsets.UTF_8));
        copied.add(sumsObject);
        listed.add(entry(sumsObject));
        Map<String, Object> meta = new LinkedHashMap<>(metadata(objects));
        meta.put("objects", listed);
        if (want == null) {
            meta.remove("encryption");
        } else {
            meta.put("encryption", Map.of("format", "age", "recipients", want.recipients()));
        }
        copied.add(write(RepositoryLayout.METADATA, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta)));
        return copied;
    }

    private ObjectRecord recode(ObjectRecord o, String name, Encryption enc) throws IOException {
        String key = RepositoryLayout.key(backup.source(), backup.id(), name);
        byte[] buffer = new byte[1 << 20];
        try (ReadChain chain = ReadChain.open(from, o.key(), o.size(), o.sha256(), identity)
                        .onRead(n -> progress.advance(n, o.key()));
                InputStream in = chain.plain();
                PendingObject target = to.create(key)) {
            HashingOutputStream hashed = new HashingOutputStream(new NonClosingOutputStream(target));
            try (OutputStream out = enc == null ? hashed : enc.encrypt(hashed)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
            }
            chain.finish();
            target.commit();
            return new ObjectRecord(backup.id(), to.name(), key, hashed.count(), hashed.sha256(), null);
        } catch (ReadChain.Failure e) {
            throw new IOException(e.getMessage() + ": not copied", e);
        }
    }

    private ObjectRecord write(String name, byte[] content) throws IOException {
        String key = RepositoryLayout.key(backup.source(), backup.id(), name);
        try (PendingObject target = to.create(key)) {
            HashingOutputStream hashed = new HashingOutputStream(target);
            hashed.write(content);
            hashed.flush();
            target.commit();
            return new ObjectRecord(backup.id(), to.name(), key, hashed.count(), hashed.sha256(), null);
        }
    }

    private static Map<String, Object> entry(ObjectRecord o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", RepositoryLayout.fileName(o.key()));
        m.put("size", o.size());
        m.put("sha256", o.sha256());
        return m;
    }

    /** The {@code backup.json} of the copy read from, checked against its recorded SHA-256. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> metadata(List<ObjectRecord> objects) throws IOException {
        if (metadata == null) {
            ObjectRecord o = objects.stream()
                    .filter(x -> RepositoryLayout.fileName(x.key()).equals(RepositoryLayout.METADATA)).findFirst()
                    .orElseThrow(() -> new IOException("backup " + backup.id() + " has no backup.json on "
                            + from.name() + " in the catalog"));
            try (ReadChain chain = ReadChain.open(from, o.key(), o.size(), o.sha256(), null);
                    InputStream in = chain.raw()) {
                metadata = Json.MAPPER.readValue(in.readAllBytes(), LinkedHashMap.class);
                chain.finish();
            } catch (ReadChain.Failure e) {
                throw new IOException(e.getMessage() + ": not copied", e);
            }
        }
        return metadata;
    }
}
