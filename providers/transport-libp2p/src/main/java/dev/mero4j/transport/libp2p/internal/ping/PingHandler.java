package dev.mero4j.transport.libp2p.internal.ping;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.TransportException;
import dev.mero4j.transport.libp2p.internal.conn.Libp2pHost;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.stream.StreamProtocolHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/** Echoes inbound pings and measures round trips of outbound ones. */
public final class PingHandler implements StreamProtocolHandler {
  private final Libp2pHost host;
  private final SecureRandom random;
  private final LongSupplier nanoClock;

  public PingHandler(Libp2pHost host, SecureRandom random, LongSupplier nanoClock) {
    this.host = host;
    this.random = random;
    this.nanoClock = nanoClock;
  }

  @Override
  public StreamHandler accept(Libp2pStream stream, String protocol) {
    ByteBuf buffer = Unpooled.buffer(PingProtocol.PAYLOAD);
    return new StreamHandler() {
      @Override
      public void onData(Libp2pStream s, ByteBuf data) {
        buffer.writeBytes(data);
        for (PingFrame f; (f = PingCodec.decode(buffer)) != null; ) {
          s.write(f.payload());
        }
        buffer.discardReadBytes();
      }

      @Override
      public void onRemoteClose(Libp2pStream s) {
        release();
        s.closeWrite();
      }

      @Override
      public void onReset(Libp2pStream s) {
        release();
      }

      private void release() {
        if (buffer.refCnt() > 0) {
          buffer.release();
        }
      }
    };
  }

  /** Sends one ping and completes with the round-trip time. */
  public CompletableFuture<Duration> ping(PeerId peer) {
    byte[] payload = new byte[PingProtocol.PAYLOAD];
    random.nextBytes(payload);
    Pinger pinger = new Pinger(payload);
    host.newStream(peer, List.of(PingProtocol.ID), (s, p) -> pinger)
        .whenComplete(
            (s, e) -> {
              if (e != null) {
                pinger.result.completeExceptionally(e);
              } else {
                pinger.sentAt = nanoClock.getAsLong();
                s.write(payload);
              }
            });
    return pinger.result;
  }

  /** The outbound side of one ping: waits for the echo of its payload. */
  private final class Pinger implements StreamHandler {
    private final byte[] payload;
    private final CompletableFuture<Duration> result = new CompletableFuture<>();
    private final byte[] echo = new byte[PingProtocol.PAYLOAD];
    private int received;
    private long sentAt;

    Pinger(byte[] payload) {
      this.payload = payload;
    }

    @Override
    public void onData(Libp2pStream stream, ByteBuf data) {
      int n = Math.min(data.readableBytes(), echo.length - received);
      data.readBytes(echo, received, n);
      received += n;
      if (received == echo.length && !result.isDone()) {
        if (!Arrays.equals(echo, payload)) {
          result.completeExceptionally(new ProtocolViolationException("ping echo differs"));
          throw new ProtocolViolationException("ping echo differs");
        }
        result.complete(Duration.ofNanos(nanoClock.getAsLong() - sentAt));
        stream.closeWrite();
      }
    }

    @Override
    public void onRemoteClose(Libp2pStream stream) {
      result.completeExceptionally(new TransportException("ping stream closed before the echo"));
      stream.closeWrite();
    }

    @Override
    public void onReset(Libp2pStream stream) {
      result.completeExceptionally(new TransportException("ping stream reset"));
    }
  }
}
