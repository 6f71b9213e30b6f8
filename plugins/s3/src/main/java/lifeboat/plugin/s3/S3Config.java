package lifeboat.plugin.s3;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * The validated settings of one S3 target. {@code prefix} is empty or ends with {@code /}; {@code endpoint} is
 * empty for AWS itself. The secret key lives only in the credentials provider, never here, so this record can be
 * printed.
 */
record S3Config(
        String name,
        Optional<URI> endpoint,
        String region,
        String bucket,
        boolean pathStyle,
        String prefix,
        int partSize,
        int parallelUploads,
        Optional<ObjectLock> objectLock) {
    static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    static final int DEFAULT_PART_SIZE = 16 * 1024 * 1024;
    static final int DEFAULT_PARALLEL_UPLOADS = 4;

    S3Config {
        requireNonNull(name, "name is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(region, "region is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(objectLock, "objectLock is null");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException(name + ": bucket is empty");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException(name + ": prefix must not start with '/': " + prefix);
        }
        if (partSize < MIN_PART_SIZE) {
            // S3 refuses parts below 5 MiB except the last one
            throw new IllegalArgumentException(name + ": partSize must be at least " + MIN_PART_SIZE + " bytes (5 MiB)");
        }
        if (parallelUploads < 1) {
            throw new IllegalArgumentException(name + ": parallelUploads must be at least 1");
        }
    }

    /** Where the bucket is, for messages: endpoint and bucket, never a credential. */
    String location() {
        return "s3://" + bucket + "/" + prefix + endpoint.map(e -> " at " + e).orElse(" (AWS " + region + ")");
    }

    String endpointText() {
        return endpoint.map(URI::toString).orElse("AWS S3 in " + region);
    }

    /** Object Lock retention put on every committed object. */
    record ObjectLock(Mode mode, int days) {
        enum Mode {
            GOVERNANCE,
            COMPLIANCE
        }

        ObjectLock {
            requireNonNull(mode, "mode is null");
            if (days < 1) {
                throw new IllegalArgumentException("objectLockDays must be at least 1");
            }
        }
    }
}
