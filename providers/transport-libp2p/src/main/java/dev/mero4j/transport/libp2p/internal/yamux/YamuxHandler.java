package dev.mero4j.transport.libp2p.internal.yamux;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A Yamux session: stream multiplexing with per-stream flow-control windows, keep-alive pings and
 * go-away, over a secured channel.
 *
 * <pre>
 *  open:  → WINDOW_UPDATE(SYN)       ← WINDOW_UPDATE(ACK)
 *  data:  → DATA(len ≤ peer window)  ← WINDOW_UPDATE(delta) when half the window is consumed
 *  close: → DATA(FIN) … ← DATA(FIN)  (or RST either way)
 * </pre>
 *
 * @see <a href="https://github.com/hashicorp/yamux/blob/master/spec.md">yamux spec</a>
 */
public final class YamuxHandler extends ByteToMessageDecoder {
  private static final System.Logger LOG = System.getLogger(YamuxHandler.class.getName());

  private final boolean client;
  private final PeerId remotePeer;
  private final YamuxListener listener;
  private final IntObjectMap<YamuxStream> streams = new IntObjectHashMap<>();
  private ChannelHandlerContext ctx;
  private int nextId;
  private boolean flushScheduled;
  private boolean goAwayReceived;
  private long pingSentNanos;
  private int pingValue;
  private ScheduledFuture<?> keepAlive;
  private int refused;
  private final LongSupplier nanoClock;
  private final StreamBudget budget;
  private final Duration pingInterval;
  private final Duration pingTimeout;
  private long lastReadNanos;
  private int missedPongs;

  public YamuxHandler(
      boolean client,
      PeerId remotePeer,
      YamuxListener listener,
      LongSupplier nanoClock,
      StreamBudget budget,
      Duration pingInterval,
      Duration pingTimeout) {
    this.budget = budget;
    this.pingInterval = pingInterval;
    this.pingTimeout = pingTimeout;
    this.nanoClock = nanoClock;
    this.lastReadNanos = nanoClock.getAsLong();
    this.client = client;
    this.remotePeer = remotePeer;
    this.listener = listener;
    this.nextId = client ? 1 : 2;
  }

  PeerId remotePeer() {
    return remotePeer;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    keepAlive =
        ctx.executor()
            .scheduleAtFixedRate(
                this::keepAlive,
                pingInterval.toNanos(),
                pingInterval.toNanos(),
                TimeUnit.NANOSECONDS);
  }

  void run(Runnable task) {
    if (ctx.executor().inEventLoop()) {
      task.run();
    } else {
      ctx.executor().execute(task);
    }
  }

  /** Opens an outbound stream whose inbound events go to {@code handler}. */
  public CompletableFuture<Libp2pStream> openStream(StreamHandler handler) {
    CompletableFuture<Libp2pStream> result = new CompletableFuture<>();
    run(
        () -> {
          if (!ctx.channel().isActive() || goAwayReceived) {
            result.completeExceptionally(
                new IllegalStateException("connection to " + remotePeer + " is closing"));
            return;
          }
          if (streams.size() >= YamuxProtocol.MAX_STREAMS || !budget.tryAcquire()) {
            result.completeExceptionally(
                new IllegalStateException("stream limit reached to " + remotePeer));
            return;
          }
          int id = nextId;
          nextId += 2;
          YamuxStream stream = new YamuxStream(this, id, true, handler);
          streams.put(id, stream);
          send(YamuxProtocol.TYPE_WINDOW_UPDATE, YamuxProtocol.FLAG_SYN, id, 0);
          result.complete(stream);
        });
    return result;
  }

  public int streamCount() {
    return streams.size();
  }

  /** True when {@code stream} is one of this session's streams. */
  public boolean carries(Libp2pStream stream) {
    return stream instanceof YamuxStream s && s.session == this;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    lastReadNanos = nanoClock.getAsLong();
    missedPongs = 0;
    try {
      YamuxFrame frame;
      while (ctx.channel().isActive()
          && (frame = YamuxCodec.decode(in, YamuxProtocol.INITIAL_WINDOW)) != null) {
        try {
          onFrame(frame);
        } finally {
          if (frame.data() != null) {
            frame.data().release();
          }
        }
      }
    } catch (ProtocolViolationException e) {
      in.skipBytes(in.readableBytes());
      fail(e.getMessage());
    }
  }

  private void fail(String reason) {
    LOG.log(Level.DEBUG, "yamux violation by {0}: {1}", remotePeer, reason);
    send(YamuxProtocol.TYPE_GO_AWAY, 0, 0, YamuxProtocol.GO_AWAY_PROTOCOL_ERROR);
    ctx.flush();
    listener.onViolation(reason);
    ctx.close();
  }

  private void onFrame(YamuxFrame f) {
    switch (f.type()) {
      case YamuxProtocol.TYPE_PING -> onPing(f);
      case YamuxProtocol.TYPE_GO_AWAY -> {
        goAwayReceived = true;
        ctx.close();
      }
      default -> onStreamFrame(f);
    }
  }

  private void onPing(YamuxFrame f) {
    if (f.has(YamuxProtocol.FLAG_SYN)) {
      send(YamuxProtocol.TYPE_PING, YamuxProtocol.FLAG_ACK, 0, f.length());
    } else if (f.has(YamuxProtocol.FLAG_ACK) && f.length() == (pingValue & 0xFFFFFFFFL)) {
      pingSentNanos = 0;
    }
  }

  private void onStreamFrame(YamuxFrame f) {
    int id = f.streamId();
    YamuxStream stream = streams.get(id);
    if (f.has(YamuxProtocol.FLAG_SYN)) {
      if (stream != null || id == 0 || (id % 2 == 1) == client) {
        throw new ProtocolViolationException("bad SYN for yamux stream " + id);
      }
      stream = accept(id);
      if (stream == null) {
        return;
      }
    }
    if (stream == null) {
      return;
    }
    if (f.type() == YamuxProtocol.TYPE_WINDOW_UPDATE) {
      stream.sendWindow += f.length();
      drain(stream);
    } else if (f.length() > 0) {
      onData(stream, f.data());
    }
    if (f.has(YamuxProtocol.FLAG_RST)) {
      reset(stream, false);
    } else if (f.has(YamuxProtocol.FLAG_FIN) && !stream.remoteClosed) {
      stream.remoteClosed = true;
      stream.handler().onRemoteClose(stream);
      maybeForget(stream);
    }
  }

  private YamuxStream accept(int id) {
    if (streams.size() >= YamuxProtocol.MAX_STREAMS || goAwayReceived || !budget.tryAcquire()) {
      if (++refused > YamuxProtocol.MAX_REFUSED_STREAMS) {
        throw new ProtocolViolationException("stream flood: " + refused + " streams refused");
      }
      send(YamuxProtocol.TYPE_WINDOW_UPDATE, YamuxProtocol.FLAG_RST, id, 0);
      scheduleFlush();
      return null;
    }
    YamuxStream stream = new YamuxStream(this, id, false, null);
    streams.put(id, stream);
    send(YamuxProtocol.TYPE_WINDOW_UPDATE, YamuxProtocol.FLAG_ACK, id, 0);
    listener.onInboundStream(stream);
    return stream;
  }

  private void onData(YamuxStream stream, ByteBuf data) {
    int len = data.readableBytes();
    if (len > stream.recvWindow) {
      throw new ProtocolViolationException(
          "yamux peer overran the receive window of stream " + stream.id);
    }
    stream.recvWindow -= len;
    if (stream.remoteClosed || stream.reset) {
      return;
    }
    try {
      stream.handler().onData(stream, data);
    } catch (ProtocolViolationException e) {
      streamViolation(stream, e.getMessage());
      return;
    }
    stream.recvConsumed += len;
    if (stream.recvConsumed >= YamuxProtocol.INITIAL_WINDOW / 2 && !stream.reset) {
      send(YamuxProtocol.TYPE_WINDOW_UPDATE, 0, stream.id, stream.recvConsumed);
      stream.recvWindow += stream.recvConsumed;
      stream.recvConsumed = 0;
    }
  }

  void write(YamuxStream stream, ByteBuf data) {
    if (stream.reset || stream.closeRequested) {
      data.release();
      return;
    }
    stream.pending.add(data);
    stream.pendingBytes += data.readableBytes();
    if (stream.pendingBytes > YamuxProtocol.MAX_PENDING_PER_STREAM) {
      LOG.log(Level.DEBUG, "{0} does not read; resetting {1}", remotePeer, stream);
      reset(stream, true);
      return;
    }
    drain(stream);
  }

  private void drain(YamuxStream stream) {
    while (!stream.pending.isEmpty() && stream.sendWindow > 0 && !stream.reset) {
      ByteBuf head = stream.pending.peek();
      int n =
          (int)
              Math.min(
                  Math.min(head.readableBytes(), stream.sendWindow), YamuxProtocol.MAX_SEND_FRAME);
      ctx.write(
          YamuxCodec.header(ctx.alloc(), YamuxProtocol.TYPE_DATA, 0, stream.id, n),
          ctx.voidPromise());
      ctx.write(head.readRetainedSlice(n), ctx.voidPromise());
      stream.sendWindow -= n;
      stream.pendingBytes -= n;
      if (!head.isReadable()) {
        stream.pending.poll().release();
      }
      scheduleFlush();
    }
    if (stream.closeRequested && stream.pending.isEmpty() && !stream.finSent && !stream.reset) {
      stream.finSent = true;
      send(YamuxProtocol.TYPE_DATA, YamuxProtocol.FLAG_FIN, stream.id, 0);
      maybeForget(stream);
    }
  }

  void closeWrite(YamuxStream stream) {
    if (stream.closeRequested || stream.reset) {
      return;
    }
    stream.closeRequested = true;
    drain(stream);
  }

  void reset(YamuxStream stream, boolean sendRst) {
    if (stream.reset) {
      return;
    }
    stream.reset = true;
    forget(stream);
    stream.pending.forEach(ByteBuf::release);
    stream.pending.clear();
    if (sendRst && ctx.channel().isActive()) {
      send(YamuxProtocol.TYPE_WINDOW_UPDATE, YamuxProtocol.FLAG_RST, stream.id, 0);
    }
    StreamHandler h = stream.handler();
    if (h != null) {
      h.onReset(stream);
    }
  }

  void streamViolation(YamuxStream stream, String reason) {
    reset(stream, true);
    listener.onViolation(reason);
  }

  private void maybeForget(YamuxStream stream) {
    if (stream.finSent && stream.remoteClosed) {
      forget(stream);
    }
  }

  private void forget(YamuxStream stream) {
    if (streams.remove(stream.id) != null) {
      budget.release();
    }
  }

  private void send(int type, int flags, int streamId, long length) {
    ctx.write(YamuxCodec.header(ctx.alloc(), type, flags, streamId, length), ctx.voidPromise());
    scheduleFlush();
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      ctx.executor()
          .execute(
              () -> {
                flushScheduled = false;
                ctx.flush();
              });
    }
  }

  /**
   * Sends a ping each period; a connection from which nothing at all was read for a whole ping
   * timeout, {@link YamuxProtocol#MAX_MISSED_PINGS} times in a row, is dead (half-open) and closed.
   * Any inbound byte counts as life, so a peer busy sending data is never dropped for a late pong.
   */
  private void keepAlive() {
    long now = nanoClock.getAsLong();
    if (pingSentNanos != 0
        && now - pingSentNanos > pingTimeout.toNanos()
        && now - lastReadNanos > pingTimeout.toNanos()) {
      if (++missedPongs >= YamuxProtocol.MAX_MISSED_PINGS) {
        LOG.log(Level.DEBUG, "keep-alive timed out to {0}", remotePeer);
        ctx.close();
        return;
      }
      pingSentNanos = 0;
    }
    if (pingSentNanos == 0) {
      pingValue++;
      pingSentNanos = now;
      send(YamuxProtocol.TYPE_PING, YamuxProtocol.FLAG_SYN, 0, pingValue & 0xFFFFFFFFL);
    }
  }

  /** Sends go-away and closes the connection. */
  public void goAway() {
    run(
        () -> {
          if (ctx.channel().isActive()) {
            send(YamuxProtocol.TYPE_GO_AWAY, 0, 0, YamuxProtocol.GO_AWAY_NORMAL);
            ctx.flush();
            ctx.close();
          }
        });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (keepAlive != null) {
      keepAlive.cancel(false);
    }
    for (YamuxStream s : new ArrayList<>(streams.values())) {
      reset(s, false);
    }
    super.channelInactive(ctx);
  }
}
