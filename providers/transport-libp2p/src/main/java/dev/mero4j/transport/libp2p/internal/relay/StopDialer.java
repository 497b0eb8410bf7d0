package dev.mero4j.transport.libp2p.internal.relay;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.conn.Connection;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The relay's half of the stop protocol: asks the target to accept a circuit from a source. */
final class StopDialer {
  /** The accepted stop stream and any relayed bytes that followed the target's answer. */
  record Accepted(Libp2pStream stream, ByteBuf rest) {}

  private final Connection target;
  private final PeerId source;
  private final CircuitMessage.Limit limit;
  private final ScheduledExecutorService timer;
  private final CompletableFuture<Accepted> result = new CompletableFuture<>();

  StopDialer(
      Connection target,
      PeerId source,
      CircuitMessage.Limit limit,
      ScheduledExecutorService timer) {
    this.target = target;
    this.source = source;
    this.limit = limit;
    this.timer = timer;
  }

  CompletableFuture<Accepted> dial() {
    FrameReader reader = new FrameReader(RelayProtocol.MAX_MESSAGE, new Answer());
    target
        .openStream(List.of(RelayProtocol.STOP_ID), (s, p) -> reader)
        .whenComplete(
            (stream, error) -> {
              if (error != null) {
                result.completeExceptionally(error);
                return;
              }
              CircuitMessage connect =
                  new CircuitMessage(
                      RelayProtocol.STOP_CONNECT,
                      new CircuitMessage.Peer(PeerIds.toBytes(source), List.of()),
                      null,
                      limit,
                      0);
              stream.write(LengthPrefixedReader.frame(CircuitCodec.encodeStop(connect)));
              timer.schedule(
                  () -> {
                    if (result.completeExceptionally(
                        new PeerUnreachableException("stop answer timed out"))) {
                      stream.reset();
                    }
                  },
                  RelayService.HANDSHAKE_TIMEOUT.toMillis(),
                  TimeUnit.MILLISECONDS);
            });
    return result;
  }

  /** Reads the target's STATUS. */
  private final class Answer implements FrameReader.Receiver {
    @Override
    public void onFrame(Libp2pStream stream, byte[] frame, ByteBuf rest) {
      CircuitMessage m = CircuitCodec.decodeStop(frame);
      if (m.type() != RelayProtocol.STOP_STATUS || m.status() != RelayProtocol.OK) {
        rest.release();
        stream.reset();
        result.completeExceptionally(
            new ProtocolViolationException("target refused the circuit: status " + m.status()));
        return;
      }
      if (!result.complete(new Accepted(stream, rest))) {
        rest.release();
      }
    }

    @Override
    public void onFailure(Libp2pStream stream, String reason) {
      result.completeExceptionally(new PeerUnreachableException(reason));
    }
  }
}
