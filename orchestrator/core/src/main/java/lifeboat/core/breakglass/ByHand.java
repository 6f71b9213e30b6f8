package lifeboat.core.breakglass;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.config.LifeboatConfig.RecoverySource;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.config.TargetConfig;
import lifeboat.core.model.BackupKind;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.spi.Settings;

/**
 * The shell commands that restore one copy of a backup with standard tools only, as README's "Restoring by hand"
 * runs them: {@code sha256sum -c}, then {@code age -d} for an encrypted copy, {@code zstd -dc | tar -x} over the
 * chain oldest first (each backup's deletions applied before its archive), {@code psql}/{@code pg_restore} or
 * {@code mariadb} for a dump. Each script's first line names the source and the copy, so it can be found on the page.
 */
final class ByHand {
    private ByHand() {
    }

    static String script(SourceConfig sc, RecoverySource where, TargetConfig target, String storage,
            List<BackupRecord> chain, List<ObjectRecord> objects, boolean encrypted) {
        BackupRecord last = chain.get(chain.size() - 1);
        StringBuilder s = new StringBuilder();
        s.append("# ").append(sc.name()).append(": backup ").append(last.id()).append(" from ").append(storage)
                .append('\n');
        s.append("set -o pipefail\n");
        String repo = fetch(s, sc, target, storage, chain);
        if (encrypted) {
            s.append("key=").append(BreakGlassSheet.IDENTITY_FILE)
                    .append("            # the age identity (secret key): never stored with the backups\n");
        }
        String open = encrypted ? "age -d -i \"$key\" " : "zstd -dc ";
        String tail = encrypted ? ".age | zstd -dc" : "";
        if (last.kind() == BackupKind.DUMP) {
            dump(s, sc, where, repo, last, objects, open, tail);
        } else {
            files(s, sc, where, repo, chain, open, tail);
        }
        return s.toString();
    }

    /** Sets {@code repo} to the source's directory of backups, downloading it first from a target not on disk. */
    private static String fetch(StringBuilder s, SourceConfig sc, TargetConfig target, String storage,
            List<BackupRecord> chain) {
        String ids = String.join(" ", chain.stream().map(BackupRecord::id).toList());
        if (target != null && "local".equals(target.type())) {
            s.append("repo=").append(quote(BreakGlassSheet.where(target) + "/backups/" + sc.name())).append('\n');
            return "$repo";
        }
        s.append("repo=/var/tmp/lifeboat-restore/backups/").append(sc.name())
                .append("      # a local copy of what the target holds\n");
        s.append("mkdir -p \"$repo\"\n");
        if (target != null && "s3".equals(target.type())) {
            Settings t = target.settings();
            String prefix = BreakGlassSheet.stripSlashes(t.string("prefix").orElse(""));
            String url = "s3://" + t.string("bucket").orElse("?") + "/" + (prefix.isEmpty() ? "" : prefix + "/")
                    + "backups/" + sc.name() + "/";
            String endpoint = t.string("endpoint").map(e -> " --endpoint-url " + quote(e)).orElse("");
            s.append("for b in ").append(ids).append("; do\n");
            s.append("    aws s3 cp --recursive").append(endpoint).append(" \"").append(url)
                    .append("$b/\" \"$repo/$b/\" || exit 1      # credentials: aws configure\n");
            s.append("done\n");
        } else {
            s.append("# copy backups/").append(sc.name()).append("/{").append(ids.replace(' ', ','))
                    .append("}/ from ").append(target == null ? storage : BreakGlassSheet.where(target))
                    .append(" into $repo (for SFTP: sftp -r)\n");
        }
        return "$repo";
    }

    private static void files(StringBuilder s, SourceConfig sc, RecoverySource where, String repo,
            List<BackupRecord> chain, String open, String tail) {
        String out = where != null && where.to() != null ? where.to().toString()
                : sc.settings().path("path").map(Object::toString).orElse("/srv/restore/" + sc.name());
        s.append("out=").append(quote(out)).append("      # where to restore (an empty directory is safest)\n");
        s.append("mkdir -p \"$out\"\n");
        s.append("for b in ").append(String.join(" ", chain.stream().map(BackupRecord::id).toList()))
                .append("; do      # oldest first\n");
        s.append("    (cd \"").append(repo).append("/$b\" && sha256sum --quiet -c SHA256SUMS) || exit 1\n");
        if (chain.size() > 1) {
            s.append("    ").append(open).append('"').append(repo).append("/$b/").append(RepositoryLayout.MANIFEST)
                    .append(tail.isEmpty() ? "" : ".age").append('"').append(tail.isEmpty() ? "" : " | zstd -dc")
                    .append(" | jq -j 'select(.type == \"deleted\") | .path + \"\\u0000\"' \\\n")
                    .append("        | (cd \"$out\" && xargs -0 -r rm -rf --)\n");
        }
        s.append("    ").append(open).append('"').append(repo).append("/$b/").append(RepositoryLayout.DATA)
                .append(tail.isEmpty() ? "" : ".age").append('"').append(tail.isEmpty() ? "" : " | zstd -dc")
                .append(" | tar -xpf - -C \"$out\" || exit 1\n");
        s.append("done\n");
    }

    private static void dump(StringBuilder s, SourceConfig sc, RecoverySource where, String repo, BackupRecord b,
            List<ObjectRecord> objects, String open, String tail) {
        boolean postgres = "postgres".equals(sc.type());
        Settings set = sc.settings();
        String host = where != null && where.toHost() != null ? where.toHost() : set.string("host").orElse("127.0.0.1");
        String port = where != null && where.toPort() != null ? where.toPort()
                : String.valueOf(set.integer("port", postgres ? 5432 : 3306));
        String user = where != null && where.toUser() != null ? where.toUser() : set.string("user").orElse("root");
        s.append("dir=\"").append(repo).append('/').append(b.id()).append("\"\n");
        s.append("host=").append(quote(host)).append(" port=").append(port).append(" user=").append(quote(user))
                .append("      # the server to restore to\n");
        s.append("(cd \"$dir\" && sha256sum --quiet -c SHA256SUMS) || exit 1\n");
        List<String> dumps = objects.stream().filter(o -> o.backupId().equals(b.id()))
                .map(o -> RepositoryLayout.fileName(o.key())).filter(n -> n.contains(".zst"))
                .map(n -> n.substring(0, n.indexOf(".zst"))).filter(n -> !n.equals(RepositoryLayout.MANIFEST
                        .substring(0, RepositoryLayout.MANIFEST.indexOf(".zst")))).toList();
        String suffix = postgres ? ".pgdump" : ".sql";
        long databases = dumps.stream().filter(n -> n.endsWith(suffix) && !n.equals("globals.sql")).count();
        if (postgres && dumps.contains("globals.sql")) {
            s.append(open).append("\"$dir/globals.sql.zst").append(tail.isEmpty() ? "\"" : ".age\" | zstd -dc")
                    .append(" | psql -X -q -h \"$host\" -p \"$port\" -U \"$user\" -d postgres")
                    .append("      # roles first (\"already exists\" is fine)\n");
        }
        for (String part : dumps) {
            if (!part.endsWith(suffix) || part.equals("globals.sql")) {
                continue;
            }
            String original = URLDecoder.decode(part.substring(0, part.length() - suffix.length()),
                    StandardCharsets.UTF_8);
            String db = where != null && where.toDb() != null && databases == 1 ? where.toDb() : original;
            String object = "\"$dir/" + part + ".zst" + (tail.isEmpty() ? "\"" : ".age\" | zstd -dc");
            if (postgres) {
                s.append("createdb -T template0 -h \"$host\" -p \"$port\" -U \"$user\" ").append(quote(db))
                        .append(" || exit 1      # it must not exist: drop or rename the broken one first\n");
                s.append(open).append(object).append(" | pg_restore -h \"$host\" -p \"$port\" -U \"$user\" -d ")
                        .append(quote(db)).append(" || exit 1\n");
            } else {
                s.append("mariadb --protocol=TCP -h \"$host\" -P \"$port\" -u \"$user\" -e ")
                        .append(quote("create database `" + db + "` character set utf8mb4"))
                        .append(" || exit 1      # add -p to be asked for a password\n");
                s.append(open).append(object).append(" | mariadb --protocol=TCP -h \"$host\" -P \"$port\" -u \"$user\"")
                        .append(" --default-character-set=utf8mb4 ").append(quote(db)).append(" || exit 1\n");
            }
        }
    }

    /** Single-quoted for the shell. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
