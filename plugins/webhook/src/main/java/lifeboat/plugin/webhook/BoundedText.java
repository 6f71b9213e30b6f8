package lifeboat.plugin.webhook;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Keeps the first bytes of a response body as UTF-8 text and drops the rest: only the start of the server's answer
 * goes into a message, and a misconfigured URL pointing at a large download must not fill the heap.
 */
final class BoundedText implements BodySubscriber<String> {
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<String> text = new CompletableFuture<>();
    private Flow.Subscription subscription;

    BoundedText(int limit) {
        this.limit = limit;
    }

    @Override
    public CompletionStage<String> getBody() {
        return text;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            int n = Math.min(b.remaining(), limit - kept.size());
            byte[] bytes = new byte[n];
            b.get(bytes);
            kept.write(bytes, 0, n);
        }
        if (kept.size() >= limit) {
            subscription.cancel();
            finish();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable error) {
        text.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        finish();
    }

    private void finish() {
        // a multi-byte character cut at the limit decodes to U+FFFD, which is fine for a message
        text.complete(kept.toString(StandardCharsets.UTF_8));
    }
}
