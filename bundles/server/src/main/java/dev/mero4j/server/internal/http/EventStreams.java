package dev.mero4j.server.internal.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every server-sent event route shares: a cap on the streams open at once (each holds a server
 * thread; 503 beyond the cap), the response head of an event stream, and UTF-8 writes.
 */
public final class EventStreams {
  /** The body of one stream, run while it holds a slot. */
  @FunctionalInterface
  public interface Body {
    void run() throws IOException, InterruptedException;
  }

  private final int maxStreams;
  private final AtomicInteger open = new AtomicInteger();

  public EventStreams(int maxStreams) {
    this.maxStreams = maxStreams;
  }

  public int maxStreams() {
    return maxStreams;
  }

  public int openStreams() {
    return open.get();
  }

  /**
   * Runs {@code body} holding one slot, released when it returns or throws.
   *
   * @throws ApiException {@link ErrorKind#UNAVAILABLE} with {@code refusal} when all are taken
   */
  public void serve(String refusal, Body body) throws IOException, InterruptedException {
    if (open.incrementAndGet() > maxStreams) {
      open.decrementAndGet();
      throw new ApiException(ErrorKind.UNAVAILABLE, refusal);
    }
    try {
      body.run();
    } finally {
      open.decrementAndGet();
    }
  }

  /** Sets the head of an event stream (200, no caching, no proxy buffering) plus {@code extra}. */
  public static OutputStream start(Context ctx, Map<String, String> extra) throws IOException {
    ctx.res().setStatus(200);
    ctx.res().setContentType("text/event-stream");
    ctx.res().setCharacterEncoding("UTF-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    extra.forEach(ctx.res()::setHeader);
    return ctx.res().getOutputStream();
  }

  public static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }
}
