package lifeboat.core.backup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import lifeboat.core.config.EncryptionSpec;
import lifeboat.core.repo.Encryption;
import lifeboat.spi.Storage;

/**
 * The targets of one backup that store the same bytes: the plain copies, or the copies encrypted to one set of
 * recipients. The compressed stream is produced once and teed to every branch, so adding an encrypted offsite
 * target does not read the source again.
 *
 * @param spec the age keys this branch is encrypted to, or null for plain copies
 */
record Branch(EncryptionSpec spec, List<Storage> targets) {
    Branch {
        targets = List.copyOf(targets);
    }

    /** The branches of a source's targets, in the order their first target is listed. */
    static List<Branch> of(String source, List<Storage> targets, BiFunction<String, String, EncryptionSpec> specOf) {
        Map<EncryptionSpec, List<Storage>> grouped = new LinkedHashMap<>();
        for (Storage t : targets) {
            grouped.computeIfAbsent(specOf.apply(source, t.name()), k -> new ArrayList<>()).add(t);
        }
        List<Branch> out = new ArrayList<>();
        grouped.forEach((spec, ts) -> out.add(new Branch(spec, ts)));
        return out;
    }

    Encryption encryption() {
        return Encryption.of(spec);
    }

    boolean encrypted() {
        return spec != null;
    }
}
