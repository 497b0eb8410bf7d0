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

  /** The file's bytes, read {@link #CHUNK} at a time as the connection takes them. */
  static HttpRequest.BodyPublisher ofFile(java.nio.file.Path file, Consumer<Long> progress)
      throws java.io.IOException {
    long size = java.nio.file.Files.size(file);
    HttpRequest.BodyPublisher delegate =
        HttpRequest.BodyPublishers.ofInputStream(
            () -> {
              try {
                return new CountingStream(java.nio.file.Files.newInputStream(file), progress);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    return HttpRequest.BodyPublishers.fromPublisher(delegate, size);
  }

  /** Reports the running count of bytes read. */
  private static final class CountingStream extends java.io.FilterInputStream {
    private final Consumer<Long> progress;
    private long count;

    CountingStream(java.io.InputStream in, Consumer<Long> progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      int n = super.read(b, off, Math.min(len, CHUNK));
      if (n > 0) {
        count += n;
        progress.accept(count);
      }
      return n;
    }
  }
}
