package dev.stampede.load;

import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body reader that keeps nothing (unless asked to, for a quality gate): it counts the bytes and
 * discards them, so a keep-alive connection stays reusable and a 10 MB body costs no memory. Once the count passes the bound it stops
 * reading (cancelling the subscription closes the connection) and completes with a count above the
 * bound, which the transport reports as {@code bodyTooLarge}.
 */
final class BoundedBody implements BodySubscriber<Long> {

    private final long limitBytes;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private final java.io.ByteArrayOutputStream kept;
    private Flow.Subscription subscription;
    private long bytes;

    BoundedBody(long limitBytes) { this(limitBytes, false); }

    /** @param keep keep the bytes read (up to the bound) for {@link #text()}: a quality gate reads the answer */
    BoundedBody(long limitBytes, boolean keep) {
        this.limitBytes = limitBytes;
        this.kept = keep ? new java.io.ByteArrayOutputStream() : null;
    }

    /** The kept body as UTF-8 text, or {@code null} when not kept; read it after the body completed. */
    String text() {
        return kept == null ? null : kept.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override public CompletionStage<Long> getBody() { return result; }

    @Override public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override public void onNext(List<ByteBuffer> item) {
        if (result.isDone()) return;
        for (ByteBuffer b : item) {
            int n = b.remaining();
            if (kept != null && bytes + n <= limitBytes) {
                byte[] chunk = new byte[n];
                b.get(chunk);
                kept.write(chunk, 0, n);
            }
            bytes += n;
            b.position(b.limit());
        }
        if (bytes > limitBytes) {
            result.complete(bytes);
            subscription.cancel();
        }
    }

    @Override public void onError(Throwable throwable) { result.completeExceptionally(throwable); }

    @Override public void onComplete() { result.complete(bytes); }
}
