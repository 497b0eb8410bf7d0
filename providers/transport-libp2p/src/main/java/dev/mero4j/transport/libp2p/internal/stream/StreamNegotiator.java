package dev.mero4j.transport.libp2p.internal.stream;

import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.TransportException;
import dev.mero4j.transport.api.UnsupportedProtocolException;
import dev.mero4j.transport.libp2p.internal.multistream.MultistreamHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Negotiates the protocol of one stream with multistream-select, then hands the stream (and any
 * bytes that followed the agreement) to the protocol's handler.
 */
public final class StreamNegotiator implements StreamHandler {
  private MultistreamHandler machine;
  private final BiFunction<Libp2pStream, String, StreamHandler> onSelected;
  private final CompletableFuture<Libp2pStream> result;
  private ByteBuf buffer = Unpooled.EMPTY_BUFFER;
  private Libp2pStream stream;

  private StreamNegotiator(
      BiFunction<Libp2pStream, String, StreamHandler> onSelected,
      CompletableFuture<Libp2pStream> result) {
    this.onSelected = onSelected;
    this.result = result;
  }

  /** The handler of an inbound stream: answers proposals from the protocols in {@code served}. */
  public static StreamHandler inbound(
      Libp2pStream stream, Map<String, StreamProtocolHandler> served) {
    StreamNegotiator n =
        new StreamNegotiator((s, p) -> served.get(p).accept(s, p), new CompletableFuture<>());
    n.stream = stream;
    n.machine =
        MultistreamHandler.listener(served::containsKey, stream::write, ByteBufAllocator.DEFAULT);
    return n;
  }

  /**
   * A negotiator for a new outbound stream; {@code onSelected} creates the protocol handler as soon
   * as one of {@code proposals} is agreed, and {@code result} completes then.
   */
  public static StreamNegotiator outbound(
      List<String> proposals,
      BiFunction<Libp2pStream, String, StreamHandler> onSelected,
      CompletableFuture<Libp2pStream> result) {
    StreamNegotiator n = new StreamNegotiator(onSelected, result);
    n.machine =
        MultistreamHandler.dialer(proposals, b -> n.stream.write(b), ByteBufAllocator.DEFAULT);
    return n;
  }

  /** Called once the outbound stream exists: sends the header and first proposal. */
  public void start(Libp2pStream stream) {
    this.stream = stream;
    machine.start();
  }

  @Override
  public void onData(Libp2pStream s, ByteBuf data) {
    if (buffer == Unpooled.EMPTY_BUFFER) {
      buffer = Unpooled.buffer(data.readableBytes());
    }
    buffer.writeBytes(data);
    String selected;
    try {
      selected = machine.onData(buffer);
    } catch (UnsupportedProtocolException e) {
      release();
      result.completeExceptionally(e);
      s.reset();
      return;
    } catch (ProtocolViolationException e) {
      release();
      result.completeExceptionally(e);
      s.violation(e.getMessage());
      return;
    }
    if (selected == null) {
      return;
    }
    StreamHandler next = onSelected.apply(s, selected);
    s.handler(next);
    result.complete(s);
    ByteBuf rest = buffer;
    buffer = Unpooled.EMPTY_BUFFER;
    try {
      if (rest.isReadable()) {
        next.onData(s, rest);
      }
    } finally {
      if (rest != Unpooled.EMPTY_BUFFER) {
        rest.release();
      }
    }
  }

  @Override
  public void onRemoteClose(Libp2pStream s) {
    release();
    result.completeExceptionally(
        new TransportException("stream closed during protocol negotiation"));
    s.reset();
  }

  @Override
  public void onReset(Libp2pStream s) {
    release();
    result.completeExceptionally(
        new TransportException("stream reset during protocol negotiation"));
  }

  private void release() {
    if (buffer != Unpooled.EMPTY_BUFFER) {
      buffer.release();
      buffer = Unpooled.EMPTY_BUFFER;
    }
  }
}
