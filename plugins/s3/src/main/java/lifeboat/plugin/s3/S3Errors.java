package lifeboat.plugin.s3;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns SDK exceptions into IOExceptions whose message says what to fix and where: the bucket and endpoint, never
 * a credential. The SDK's own messages are kept as the cause only, since a request dump could carry more than we
 * want in a log line.
 */
final class S3Errors {
    private final S3Config config;

    S3Errors(S3Config config) {
        this.config = requireNonNull(config, "config is null");
    }

    IOException translate(String action, SdkException e) {
        String where = "bucket '" + config.bucket() + "' at " + config.endpointText();
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            int status = s3.statusCode();
            if ("NoSuchBucket".equals(code)) {
                return new IOException(config.name() + ": " + action + " failed: " + where + " does not exist", e);
            }
            if ("SignatureDoesNotMatch".equals(code) || "InvalidAccessKeyId".equals(code)) {
                return new IOException(config.name() + ": " + action + " failed: " + where
                        + " refused the credentials (" + code + "): check accessKey and secretKey", e);
            }
            if (status == 403) {
                // HEAD responses carry no error code, so a wrong secret on stat lands here too
                return new IOException(config.name() + ": " + action + " failed: access denied to " + where
                        + (code == null ? " (HTTP 403)" : " (" + code + ")")
                        + ": check accessKey and secretKey, and the bucket policy", e);
            }
            if (status == 501 || "NotImplemented".equals(code)) {
                return new IOException(config.name() + ": " + action + " failed: the endpoint of " + where
                        + " does not implement this request (" + code + ")", e);
            }
            return new IOException(config.name() + ": " + action + " failed on " + where + ": HTTP " + status
                    + (code == null ? "" : " " + code) + " (request id " + s3.requestId() + ")", e);
        }
        if (e instanceof AbortedException) {
            InterruptedIOException ie = new InterruptedIOException(config.name() + ": " + action + " interrupted");
            ie.initCause(e);
            return ie;
        }
        if (e instanceof SdkClientException) {
            return new IOException(config.name() + ": " + action + " failed: cannot reach " + where + " after retries: "
                    + rootMessage(e), e);
        }
        return new IOException(config.name() + ": " + action + " failed on " + where + ": " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
