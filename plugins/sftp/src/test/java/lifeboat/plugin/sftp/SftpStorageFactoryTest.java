package lifeboat.plugin.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import lifeboat.spi.Plugin;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.Settings;
import org.junit.jupiter.api.Test;

class SftpStorageFactoryTest {
    private static Settings settings(Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of(
                "host", "nas.school.lan", "user", "backup", "knownHosts", Path.of("/etc/lifeboat/known_hosts"),
                "path", "/volume1/lifeboat/"));
        v.putAll(extra);
        v.values().removeIf(java.util.Objects::isNull);
        return new Settings("nas", "sftp", v);
    }

    @Test
    void plugin_isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::get))
                .flatExtracting(Plugin::storageFactories)
                .extracting(f -> f.type())
                .contains("sftp");
    }

    @Test
    void passwordAndPassphrase_areSecrets_knownHostsRequired() {
        var props = new SftpStorageFactory().properties();
        assertThat(props).filteredOn(PropertySpec::secret).extracting(PropertySpec::name)
                .containsExactlyInAnyOrder("password", "passphrase");
        assertThat(props).filteredOn(PropertySpec::required).extracting(PropertySpec::name)
                .contains("knownHosts", "host", "user", "path");
    }

    @Test
    void defaults_andNoSecretInToString() {
        SftpConfig c = SftpStorageFactory.config(settings(Map.of("password", "hunter2")));
        assertThat(c.port()).isEqualTo(22);
        assertThat(c.path()).isEqualTo("/volume1/lifeboat");
        assertThat(c.timeout()).isEqualTo(SftpConfig.DEFAULT_TIMEOUT);
        assertThat(c.toString()).doesNotContain("hunter2").contains("sftp://backup@nas.school.lan:22/volume1/lifeboat");
    }

    @Test
    void noWayToAuthenticate_isRefused() {
        assertThatThrownBy(() -> SftpStorageFactory.config(settings(Map.of())))
                .hasMessageContaining("set password or privateKey");
    }

    @Test
    void passphraseWithoutKey_isRefused() {
        assertThatThrownBy(() -> SftpStorageFactory.config(settings(Map.of("password", "x", "passphrase", "y"))))
                .hasMessageContaining("passphrase needs privateKey");
    }
}
