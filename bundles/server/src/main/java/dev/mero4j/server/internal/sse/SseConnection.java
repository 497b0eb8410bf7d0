package dev.mero4j.server.internal.sse;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** One open SSE stream of a session: the events waiting to be written to it. */
final class SseConnection {
  /** Events queued for a stream before it is dropped; the client resumes from the replay buffer. */
  static final int MAX_QUEUED = 4096;

  private final BlockingQueue<SseSession.Entry> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
  private volatile boolean closed;

  /** Queues an event; a full queue closes the stream instead of blocking the runtime. */
  void offer(SseSession.Entry entry) {
    if (!queue.offer(entry)) {
      closed = true;
    }
  }

  SseSession.Entry poll(long millis) throws InterruptedException {
    return queue.poll(millis, TimeUnit.MILLISECONDS);
  }

  void close() {
    closed = true;
  }

  boolean closed() {
    return closed;
  }
}
