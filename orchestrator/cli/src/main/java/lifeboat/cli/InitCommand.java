package lifeboat.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true, description = "Write a starter lifeboat.yaml and data directory.")
final class InitCommand implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = ".", paramLabel = "DIR", description = "Where to write lifeboat.yaml.")
    Path dir;

    @Option(names = "--share", paramLabel = "PATH", description = "A directory to back up as the first source.")
    Path share;

    @Option(names = "--force", description = "Overwrite an existing lifeboat.yaml.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Path file = dir.resolve("lifeboat.yaml");
        if (Files.exists(file) && !force) {
            throw new IllegalArgumentException(file + " already exists; use --force to overwrite it");
        }
        Files.createDirectories(dir.resolve("var"));
        String source = share == null
                ? "sources: []\n# sources:\n#   - name: staff-share\n#     type: files\n#     path: /srv/shares/staff\n"
                        + "#     exclude: [\"**/*.tmp\"]\n#     storage: [local]\n"
                : "sources:\n  - name: " + safeName(share) + "\n    type: files\n    path: " + share.toAbsolutePath()
                        + "\n    storage: [local]\n";
        String yaml = "# Lifeboat configuration; see README.md for every key.\n"
                + "dataDir: ./var\n"
                + "catalog:\n  url: jdbc:h2:file:./var/catalog\n"
                + "storage:\n  - name: local\n    type: local\n    path: ./var/repo\n"
                + source;
        Path tmp = dir.resolve(".lifeboat.yaml.tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("wrote " + file + "; next: lifeboat --config " + file + " check-config");
        return Main.OK;
    }

    private static String safeName(Path p) {
        String n = p.toAbsolutePath().normalize().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "-");
        return n.isEmpty() ? "share" : n.length() > 64 ? n.substring(0, 64) : n;
    }
}
