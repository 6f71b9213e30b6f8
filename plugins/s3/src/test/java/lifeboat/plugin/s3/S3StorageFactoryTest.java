package lifeboat.plugin.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import lifeboat.spi.Plugin;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.Settings;
import org.junit.jupiter.api.Test;

class S3StorageFactoryTest {
    private static Settings settings(Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of("bucket", "school-backups"));
        v.putAll(extra);
        return new Settings("offsite", "s3", v);
    }

    @Test
    void plugin_isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::get))
                .flatExtracting(Plugin::storageFactories)
                .extracting(f -> f.type())
                .contains("s3");
    }

    @Test
    void keys_areSecrets() {
        assertThat(new S3StorageFactory().properties()).filteredOn(PropertySpec::secret)
                .extracting(PropertySpec::name).containsExactlyInAnyOrder("accessKey", "secretKey");
    }

    @Test
    void defaults() {
        S3Config c = S3StorageFactory.config(settings(Map.of("prefix", "lifeboat")));
        assertThat(c.partSize()).isEqualTo(16 * 1024 * 1024);
        assertThat(c.parallelUploads()).isEqualTo(4);
        assertThat(c.prefix()).isEqualTo("lifeboat/");
        assertThat(c.region()).isEqualTo("us-east-1");
        assertThat(c.objectLock()).isEmpty();
    }

    @Test
    void partSizeBelowFiveMiB_isRefused() {
        assertThatThrownBy(() -> S3StorageFactory.config(settings(Map.of("partSize", 1024L * 1024))))
                .hasMessageContaining("partSize must be at least");
    }

    @Test
    void objectLock_needsModeAndDays() {
        assertThatThrownBy(() -> S3StorageFactory.config(settings(Map.of("objectLockMode", "GOVERNANCE"))))
                .hasMessageContaining("objectLockDays");
        assertThatThrownBy(() -> S3StorageFactory.config(settings(Map.of("objectLockDays", 3L))))
                .hasMessageContaining("objectLockMode");
        assertThatThrownBy(() -> S3StorageFactory.config(settings(Map.of("objectLockMode", "forever", "objectLockDays", 3L))))
                .hasMessageContaining("GOVERNANCE or COMPLIANCE");
        assertThat(S3StorageFactory.config(settings(Map.of("objectLockMode", "governance", "objectLockDays", 3L))).objectLock())
                .get().extracting(S3Config.ObjectLock::mode).isEqualTo(S3Config.ObjectLock.Mode.GOVERNANCE);
    }

    @Test
    void halfTheCredentials_isRefused() {
        assertThatThrownBy(() -> S3StorageFactory.credentials(settings(Map.of("accessKey", "AK"))))
                .hasMessageContaining("both accessKey and secretKey");
    }

    @Test
    void badEndpoint_isRefused() {
        assertThatThrownBy(() -> S3StorageFactory.config(settings(Map.of("endpoint", "minio:9000"))))
                .hasMessageContaining("endpoint must be a URL");
    }
}
