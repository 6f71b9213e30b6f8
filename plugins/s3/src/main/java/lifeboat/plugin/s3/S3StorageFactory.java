package lifeboat.plugin.s3;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lifeboat.spi.PluginContext;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;
import lifeboat.spi.Storage;
import lifeboat.spi.StorageFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

final class S3StorageFactory implements StorageFactory {
    @Override
    public String type() {
        return "s3";
    }

    @Override
    public List<PropertySpec> properties() {
        return List.of(
                PropertySpec.optional("endpoint", PropertyType.STRING, "URL of an S3-compatible endpoint; omit for AWS"),
                PropertySpec.optional("region", PropertyType.STRING, "region; default us-east-1"),
                PropertySpec.required("bucket", PropertyType.STRING, "bucket that holds the repository"),
                PropertySpec.optional("pathStyle", PropertyType.BOOLEAN,
                        "address the bucket as endpoint/bucket (most S3-compatible servers) instead of bucket.endpoint"),
                PropertySpec.optional("prefix", PropertyType.STRING, "key prefix inside the bucket"),
                PropertySpec.secret("accessKey", "access key id; omit both keys to use the AWS default credentials chain"),
                PropertySpec.secret("secretKey", "secret access key"),
                PropertySpec.optional("partSize", PropertyType.INTEGER, "multipart part size in bytes; default 16 MiB, min 5 MiB"),
                PropertySpec.optional("parallelUploads", PropertyType.INTEGER,
                        "parts uploaded at once per object; default 4 (memory: (parallelUploads + 1) x partSize)"),
                PropertySpec.optional("objectLockMode", PropertyType.STRING,
                        "GOVERNANCE or COMPLIANCE: put Object Lock retention on every object (needs objectLockDays)"),
                PropertySpec.optional("objectLockDays", PropertyType.INTEGER, "days of Object Lock retention"));
    }

    @Override
    public Storage create(Settings settings, PluginContext context) throws IOException {
        return new S3Storage(config(settings), credentials(settings));
    }

    static S3Config config(Settings s) {
        Optional<URI> endpoint = s.string("endpoint").map(e -> {
            URI uri = URI.create(e);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException(s.name() + ": endpoint must be a URL such as https://host:9000, got " + e);
            }
            return uri;
        });
        Optional<S3Config.ObjectLock> lock = s.string("objectLockMode").map(m -> {
            S3Config.ObjectLock.Mode mode;
            try {
                mode = S3Config.ObjectLock.Mode.valueOf(m.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(s.name() + ": objectLockMode must be GOVERNANCE or COMPLIANCE, got " + m);
            }
            if (!s.has("objectLockDays")) {
                throw new IllegalArgumentException(s.name() + ": objectLockMode needs objectLockDays");
            }
            return new S3Config.ObjectLock(mode, toInt(s, "objectLockDays", 0));
        });
        if (lock.isEmpty() && s.has("objectLockDays")) {
            throw new IllegalArgumentException(s.name() + ": objectLockDays needs objectLockMode");
        }
        return new S3Config(
                s.name(),
                endpoint,
                s.string("region").orElse("us-east-1"),
                s.requireString("bucket"),
                s.bool("pathStyle", false),
                s.string("prefix").orElse(""),
                toInt(s, "partSize", S3Config.DEFAULT_PART_SIZE),
                toInt(s, "parallelUploads", S3Config.DEFAULT_PARALLEL_UPLOADS),
                lock);
    }

    static AwsCredentialsProvider credentials(Settings s) {
        var access = s.string("accessKey");
        var secret = s.string("secretKey");
        if (access.isPresent() != secret.isPresent()) {
            throw new IllegalArgumentException(s.name() + ": set both accessKey and secretKey, or neither");
        }
        if (access.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(access.get(), secret.get()));
    }

    private static int toInt(Settings s, String key, int defaultValue) {
        long v = s.integer(key, defaultValue);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(s.name() + ": " + key + " is out of range: " + v);
        }
        return (int) v;
    }
}
