package dev.mero4j.server.internal.admin;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a download's body while counting its bytes: refuses a non-200 answer without reading it,
 * a declared length over the cap before reading, and stops the transfer as soon as the running
 * count passes the cap, whatever {@code Content-Length} claimed.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
  private final HttpResponse.ResponseInfo info;
  private final int maxBytes;
  private Flow.Subscription subscription;
  private long count;

  CappedBody(HttpResponse.ResponseInfo info, int maxBytes) {
    this.info = info;
    this.maxBytes = maxBytes;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (info.statusCode() != 200) {
      stop(new BadStatus(info.statusCode()));
      return;
    }
    long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > maxBytes) {
      stop(new TooLarge());
      return;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      count += buffer.remaining();
      if (count > maxBytes) {
        stop(new TooLarge());
        return;
      }
      byte[] chunk = new byte[buffer.remaining()];
      buffer.get(chunk);
      collected.write(chunk, 0, chunk.length);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable failure) {
    result.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    result.complete(collected.toByteArray());
  }

  private void stop(Exception reason) {
    subscription.cancel();
    result.completeExceptionally(reason);
  }

  /** The body passed the byte cap. */
  static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("download larger than the cap", null, false, false);
    }
  }

  /** The server answered something other than 200. */
  static final class BadStatus extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    BadStatus(int status) {
      super("HTTP " + status, null, false, false);
      this.status = status;
    }

    int status() {
      return status;
    }
  }
}
