package lifeboat.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.auditing.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "key", mixinStandardHelpOptions = true, description = "The public key that checks the audit"
        + " checkpoints (Ed25519, Base64 of its X.509 encoding) and its fingerprint; the private key is never shown.")
final class AuditKeyCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            SigningKey key = lb.auditing().key();
            if (global.json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("algorithm", "Ed25519");
                m.put("publicKey", key.publicKey());
                m.put("fingerprint", key.fingerprint());
                Output.json(m);
            } else {
                System.out.println("Ed25519 public key (X.509, Base64): " + key.publicKey());
                System.out.println("fingerprint: " + key.fingerprint());
            }
            return Main.OK;
        }
    }
}
