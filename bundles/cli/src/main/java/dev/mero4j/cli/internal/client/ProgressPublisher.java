package dev.mero4j.cli.internal.client;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/** A request body of fixed bytes that reports how many have been handed to the connection. */
final class ProgressPublisher {
  /** Bytes per chunk: small enough for a smooth bar, large enough to stay cheap. */
  static final int CHUNK = 64 * 1024;

  private ProgressPublisher() {}

  static HttpRequest.BodyPublisher of(byte[] bytes, Consumer<Long> progress) {
    HttpRequest.BodyPublisher delegate =
        HttpRequest.BodyPublishers.ofByteArrays(
            () ->
                new java.util.Iterator<byte[]>() {
                  private int offset;

                  @Override
                  public boolean hasNext() {
                    return offset < bytes.length;
                  }

                  @Override
                  public byte[] next() {
                    int end = Math.min(bytes.length, offset + CHUNK);
                    byte[] chunk = java.util.Arrays.copyOfRange(bytes, offset, end);
                    offset = end;
                    progress.accept((long) end);
                    return chunk;
                  }
                });
    return new HttpRequest.BodyPublisher() {
      @Override
      public long contentLength() {
        return bytes.length;
      }

      @Override
      public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        delegate.subscribe(subscriber);
      }
    };
  }
}
