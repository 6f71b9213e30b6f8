package lifeboat.core.backup;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;
import lifeboat.core.repo.Json;
import lifeboat.core.repo.ReadChain;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.spi.Storage;

/** {@code lifeboat-repo.json}: the repository's format version and id, written once per target. */
final class RepositoryFile {
    static final int FORMAT = 1;

    private RepositoryFile() {
    }

    static void ensure(Storage target) throws IOException {
        if (target.stat(RepositoryLayout.REPO_FILE).isPresent()) {
            try (InputStream in = ReadChain.open(target, RepositoryLayout.REPO_FILE, null).raw()) {
                Map<?, ?> m = Json.MAPPER.readValue(in, Map.class);
                Object format = m.get("format");
                if (!(format instanceof Number n) || n.intValue() > FORMAT) {
                    throw new IOException("storage target '" + target.name() + "' holds a repository of format " + format
                            + ", newer than this Lifeboat understands (" + FORMAT + ")");
                }
            }
            return;
        }
        byte[] json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(Map.of(
                "format", FORMAT, "id", UUID.randomUUID().toString(), "createdBy", "lifeboat"));
        try (var out = target.create(RepositoryLayout.REPO_FILE)) {
            out.write(json);
            out.commit();
        }
    }
}
