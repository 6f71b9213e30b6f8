package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigCommandTest {
    @TempDir
    Path dir;

    @Test
    void checkConfig_validConfig_exitsZero() throws Exception {
        Path config = Cli.install(dir, "");
        Cli.Result r = Cli.on(config, "check-config");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("configuration OK");
    }

    @Test
    void checkConfig_problems_exitTwoAndPrintFileAndLine() throws Exception {
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"), """
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: share
                    type: files
                    path: ./share
                    exlude: ["*.tmp"]
                    storage: [offsite]
                """);
        Files.createDirectories(dir.resolve("share"));
        Cli.Result r = Cli.on(config, "check-config");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("lifeboat.yaml:9: sources[0].exlude: unknown key 'exlude' (did you mean 'exclude'?)");
        assertThat(r.out()).contains("lifeboat.yaml:10: sources[0].storage: storage target 'offsite'");
    }

    @Test
    void checkConfig_json_listsProblems() throws Exception {
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"), "storag: []\n");
        Cli.Result r = Cli.on(config, "check-config", "--json");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.json().get("valid").asBoolean()).isFalse();
        assertThat(r.json().get("problems").get(0).get("line").asInt()).isEqualTo(1);
    }

    @Test
    void checkConfig_sourcePathMissing_exitTwoNamingTheSource() throws Exception {
        Path config = Cli.install(dir, "");
        Files.delete(dir.resolve("share"));
        Cli.Result r = Cli.on(config, "check-config");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("share").contains("does not exist (is the share mounted?)");
        assertThat(r.out()).contains("sources.share");
    }

    @Test
    void backup_withBrokenConfig_exitsTwo() throws Exception {
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"), "sources: [\n");
        Cli.Result r = Cli.on(config, "backup", "share");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("lifeboat.yaml:").contains("not valid YAML");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** An S3 target, an SFTP target and a PostgreSQL catalog, each on a port nothing listens on. */
    private Path unreachable() throws Exception {
        Files.createDirectories(dir.resolve("share"));
        Files.writeString(dir.resolve("known_hosts"), "");
        return Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                catalog:
                  url: jdbc:postgresql://127.0.0.1:%d/lifeboat?user=postgres&connectTimeout=5
                storage:
                  - name: local
                    type: local
                    path: ./repo
                  - name: offsite
                    type: s3
                    endpoint: http://127.0.0.1:%d
                    region: us-east-1
                    bucket: school
                    pathStyle: true
                    accessKey: key
                    secretKey: secret
                  - name: nas
                    type: sftp
                    host: 127.0.0.1
                    port: %d
                    user: backup
                    password: pw
                    knownHosts: ./known_hosts
                    path: /volume1/lifeboat
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [local, offsite, nas]
                """.formatted(closedPort(), closedPort(), closedPort()));
    }

    @Test
    void checkConfig_unreachableTargetsAndCatalog_exitTwoNamingEach() throws Exception {
        Path config = unreachable();
        Cli.Result r = Cli.on(config, "check-config");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("catalog.url: cannot open the catalog jdbc:postgresql://127.0.0.1:")
                .contains("storage.offsite: cannot open storage target 'offsite'")
                .contains("storage.nas: cannot open storage target 'nas'")
                .doesNotContain("storage.local").doesNotContain("configuration OK");
    }

    @Test
    void checkConfig_offline_connectsToNothing() throws Exception {
        Path config = unreachable();
        Cli.Result r = Cli.on(config, "check-config", "--offline");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("configuration OK");
    }

    @Test
    void anyCommand_unreachablePostgresCatalog_saysItIsTheCatalog() throws Exception {
        Path config = unreachable();
        Cli.Result r = Cli.on(config, "list");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("cannot open the catalog jdbc:postgresql://127.0.0.1:");
    }

    @Test
    void configIsADirectory_exitTwoNamingIt() throws Exception {
        for (String command : new String[] {"list", "check-config"}) {
            Cli.Result r = Cli.run("-c", dir.toString(), command);
            assertThat(r.code()).as(r.toString()).isEqualTo(2);
            assertThat(r.out() + r.err()).contains(dir + ": is a directory").doesNotContain("IOException");
        }
    }
}
