package dev.mero4j.transport.libp2p.internal.yamux;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.Deque;

/** One Yamux stream; all state changes run on the session's event loop. */
final class YamuxStream implements Libp2pStream {
  final YamuxHandler session;
  final int id;
  private final boolean outbound;
  private StreamHandler handler;
  long sendWindow = YamuxProtocol.INITIAL_WINDOW;
  long recvWindow = YamuxProtocol.INITIAL_WINDOW;
  long recvConsumed;
  final Deque<ByteBuf> pending = new ArrayDeque<>();
  long pendingBytes;
  boolean closeRequested;
  boolean finSent;
  boolean remoteClosed;
  boolean reset;

  YamuxStream(YamuxHandler session, int id, boolean outbound, StreamHandler handler) {
    this.session = session;
    this.id = id;
    this.outbound = outbound;
    this.handler = handler;
  }

  @Override
  public PeerId remotePeer() {
    return session.remotePeer();
  }

  @Override
  public boolean outbound() {
    return outbound;
  }

  @Override
  public void write(ByteBuf data) {
    session.run(() -> session.write(this, data));
  }

  @Override
  public void write(byte[] data) {
    write(Unpooled.wrappedBuffer(data));
  }

  @Override
  public void closeWrite() {
    session.run(() -> session.closeWrite(this));
  }

  @Override
  public void reset() {
    session.run(() -> session.reset(this, true));
  }

  @Override
  public void handler(StreamHandler handler) {
    this.handler = handler;
  }

  StreamHandler handler() {
    return handler;
  }

  @Override
  public void violation(String reason) {
    session.run(() -> session.streamViolation(this, reason));
  }

  @Override
  public String toString() {
    return "yamux stream " + id + " to " + remotePeer();
  }
}
