package dev.mero4j.transport.libp2p.internal.relay;

import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A relayed connection at the relay: copies bytes between the initiator's hop stream and the
 * target's stop stream, resetting both when either direction passes the byte limit or the circuit
 * outlives its duration.
 */
final class Circuit {
  /** Bytes the initiator may send before the target accepted; they are forwarded afterwards. */
  static final int MAX_EARLY_BYTES = 64 * 1024;

  private final long maxBytes;
  private final Runnable onEnd;
  private final Side initiator;
  private final Side target = new Side();
  private ScheduledFuture<?> deadline;
  private boolean ended;
  private int halfClosed;

  /** Starts buffering what the initiator sends on {@code hop} until {@link #start}. */
  Circuit(Libp2pStream hop, ByteBuf early, long maxBytes, Runnable onEnd) {
    this.maxBytes = maxBytes;
    this.onEnd = onEnd;
    this.initiator = new Side();
    initiator.stream = hop;
    initiator.early = early;
    hop.handler(initiator);
  }

  /** Joins the target's {@code stop} stream: flushes what each side sent early, then copies. */
  void start(
      Libp2pStream stop, ByteBuf targetEarly, ScheduledExecutorService timer, Duration duration) {
    target.stream = stop;
    initiator.peer = target;
    target.peer = initiator;
    stop.handler(target);
    synchronized (this) {
      if (ended) {
        targetEarly.release();
        stop.reset();
        return;
      }
      deadline = timer.schedule(this::end, duration.toMillis(), TimeUnit.MILLISECONDS);
    }
    target.forward(targetEarly);
    initiator.flushEarly();
  }

  /** Resets both streams and frees the circuit's slot (once). */
  void end() {
    finish(true);
  }

  private void finish(boolean reset) {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      if (deadline != null) {
        deadline.cancel(false);
      }
    }
    initiator.drop(reset);
    target.drop(reset);
    onEnd.run();
  }

  /** One end of the circuit: what arrives here goes out at {@link #peer}. */
  private final class Side implements StreamHandler {
    Libp2pStream stream;
    Side peer;
    ByteBuf early;
    long relayed;

    @Override
    public void onData(Libp2pStream s, ByteBuf data) {
      synchronized (Circuit.this) {
        if (peer == null && early != null) {
          if (early.readableBytes() + data.readableBytes() > MAX_EARLY_BYTES) {
            throw new ProtocolViolationException("too much data before the circuit opened");
          }
          early = Unpooled.wrappedBuffer(early, data.retain());
          return;
        }
      }
      forward(data.retain());
    }

    /** Sends {@code data} (owned) to the other side, counting it against the byte limit. */
    void forward(ByteBuf data) {
      relayed += data.readableBytes();
      if (relayed > maxBytes) {
        data.release();
        end();
        return;
      }
      if (data.isReadable()) {
        peer.stream.write(data);
      } else {
        data.release();
      }
    }

    void flushEarly() {
      ByteBuf b;
      synchronized (Circuit.this) {
        b = early;
        early = null;
      }
      if (b != null) {
        forward(b);
      }
    }

    void drop(boolean reset) {
      synchronized (Circuit.this) {
        if (early != null) {
          early.release();
          early = null;
        }
      }
      if (stream != null && reset) {
        stream.reset();
      }
    }

    @Override
    public void onRemoteClose(Libp2pStream s) {
      if (peer == null) {
        end();
        return;
      }
      peer.stream.closeWrite();
      boolean both;
      synchronized (Circuit.this) {
        both = ++halfClosed == 2;
      }
      if (both) {
        finish(false);
      }
    }

    @Override
    public void onReset(Libp2pStream s) {
      end();
    }
  }
}
