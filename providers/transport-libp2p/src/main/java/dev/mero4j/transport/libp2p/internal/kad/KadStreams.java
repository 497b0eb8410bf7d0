package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.api.RequestTimeoutException;
import dev.mero4j.transport.api.TransportException;
import dev.mero4j.transport.libp2p.internal.conn.Connection;
import dev.mero4j.transport.libp2p.internal.conn.Libp2pHost;
import dev.mero4j.transport.libp2p.internal.conn.PeerScores;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.stream.StreamProtocolHandler;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The DHT on libp2p streams: sends each request on a new stream of the DHT protocol (dialling the
 * peer's addresses first when not connected) and serves inbound streams, which may carry several
 * requests, each answered in order; bounded by the message size, a per-peer request rate, a request
 * count per stream and a read deadline.
 */
public final class KadStreams implements KadNetwork, StreamProtocolHandler {
  /** Penalty for sending requests faster than the rate allows. */
  static final double FLOOD_PENALTY = -10;

  private final Libp2pHost host;
  private final ScheduledExecutorService timers;
  private final String protocol;
  private final Duration rpcTimeout;
  private final RequestRate rate;
  private volatile KadDht dht;

  public KadStreams(
      Libp2pHost host, ScheduledExecutorService timers, String protocol, Duration rpcTimeout) {
    this.host = host;
    this.timers = timers;
    this.protocol = protocol;
    this.rpcTimeout = rpcTimeout;
    this.rate =
        new RequestRate(
            KadProtocol.RATE_PER_SECOND,
            KadProtocol.RATE_BURST,
            KadProtocol.RATE_TRACKED_PEERS,
            host.scores().clock());
  }

  /** Connects the DHT whose requests this serves. */
  public void bind(KadDht served) {
    this.dht = served;
  }

  @Override
  public void schedule(long delayNanos, Runnable task) {
    timers.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public String ipGroup(PeerId peer) {
    Connection c = host.connection(peer);
    if (c == null) {
      return null;
    }
    try {
      InetSocketAddress a = c.remoteAddress().socketAddress();
      return IpGroups.of(a.getAddress());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public void penalize(PeerId peer, String reason) {
    host.penalize(peer, PeerScores.INVALID_MESSAGE, reason);
  }

  // ---- outbound ----

  @Override
  public CompletableFuture<KadMessage> send(KadContact to, KadMessage request) {
    CompletableFuture<KadMessage> result = new CompletableFuture<>();
    ScheduledFuture<?> timeout =
        timers.schedule(
            () ->
                result.completeExceptionally(
                    new RequestTimeoutException("DHT request to " + to.id() + " timed out")),
            rpcTimeout.toNanos(),
            TimeUnit.NANOSECONDS);
    result.whenComplete((m, e) -> timeout.cancel(false));
    connect(to)
        .thenCompose(
            c ->
                c.openStream(List.of(protocol), (s, p) -> new AnswerReader(result, request.type())))
        .whenComplete(
            (stream, error) -> {
              if (error != null) {
                result.completeExceptionally(error);
                return;
              }
              result.whenComplete(
                  (m, e) -> {
                    if (e != null) {
                      stream.reset();
                    }
                  });
              stream.write(LengthPrefixedReader.frame(KadCodec.encode(request)));
              if (request.type() == KadMessage.Type.ADD_PROVIDER) {
                stream.closeWrite();
                result.complete(null);
              }
            });
    return result;
  }

  /** The open connection to {@code to}, or the first of its addresses that can be dialled. */
  private CompletableFuture<Connection> connect(KadContact to) {
    Connection open = host.connection(to.id());
    if (open != null) {
      return CompletableFuture.completedFuture(open);
    }
    CompletableFuture<Connection> attempt =
        CompletableFuture.failedFuture(
            new PeerUnreachableException("no dialable address for " + to.id()));
    for (String text : KadDht.readable(to)) {
      Multiaddr address = Multiaddr.parse(text);
      if (address.value("tcp").isEmpty()) {
        continue;
      }
      Multiaddr full =
          address.peerId().isPresent() ? address : address.with("p2p", to.id().value());
      attempt = attempt.exceptionallyCompose(e -> host.dial(full));
    }
    return attempt;
  }

  /** Reads the one answer of an outbound request, then half-closes. */
  private static final class AnswerReader implements StreamHandler {
    private final CompletableFuture<KadMessage> result;
    private final KadMessage.Type type;
    private final LengthPrefixedReader reader = new LengthPrefixedReader(KadProtocol.MAX_MESSAGE);

    AnswerReader(CompletableFuture<KadMessage> result, KadMessage.Type type) {
      this.result = result;
      this.type = type;
    }

    @Override
    public void onData(Libp2pStream s, ByteBuf data) {
      List<byte[]> frames;
      try {
        frames = reader.feed(data);
      } catch (TransportException e) {
        result.completeExceptionally(e);
        throw e;
      }
      if (!frames.isEmpty() && !result.isDone()) {
        reader.release();
        KadMessage answer;
        try {
          answer = KadCodec.decode(frames.get(0));
        } catch (KadException e) {
          result.completeExceptionally(e);
          throw e;
        }
        if (answer.type() != type) {
          KadException e = new KadException("answer of type " + answer.type() + " to " + type);
          result.completeExceptionally(e);
          throw e;
        }
        result.complete(answer);
        s.closeWrite();
      }
    }

    @Override
    public void onRemoteClose(Libp2pStream s) {
      reader.release();
      result.completeExceptionally(new TransportException("DHT stream closed without an answer"));
    }

    @Override
    public void onReset(Libp2pStream s) {
      reader.release();
      result.completeExceptionally(new TransportException("DHT stream reset"));
    }
  }

  // ---- inbound ----

  @Override
  public StreamHandler accept(Libp2pStream stream, String id) {
    return new RequestReader(stream);
  }

  /** Serves the requests of one inbound stream. */
  private final class RequestReader implements StreamHandler {
    private final LengthPrefixedReader reader = new LengthPrefixedReader(KadProtocol.MAX_MESSAGE);
    private ScheduledFuture<?> deadline;
    private int served;

    RequestReader(Libp2pStream stream) {
      armDeadline(stream);
    }

    private void armDeadline(Libp2pStream stream) {
      if (deadline != null) {
        deadline.cancel(false);
      }
      deadline =
          timers.schedule(stream::reset, KadProtocol.READ_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onData(Libp2pStream s, ByteBuf data) {
      for (byte[] frame : reader.feed(data)) {
        if (++served > KadProtocol.MAX_REQUESTS_PER_STREAM) {
          throw new KadException(
              "more than " + KadProtocol.MAX_REQUESTS_PER_STREAM + " requests on one stream");
        }
        if (!rate.tryAcquire(s.remotePeer())) {
          host.penalize(s.remotePeer(), FLOOD_PENALTY, "DHT request flood");
          stop(s);
          return;
        }
        KadMessage answer = dht.handle(s.remotePeer(), KadCodec.decode(frame));
        if (answer != null) {
          s.write(LengthPrefixedReader.frame(KadCodec.encode(answer)));
        }
        armDeadline(s);
      }
    }

    private void stop(Libp2pStream s) {
      reader.release();
      deadline.cancel(false);
      s.reset();
    }

    @Override
    public void onRemoteClose(Libp2pStream s) {
      reader.release();
      deadline.cancel(false);
      s.closeWrite();
    }

    @Override
    public void onReset(Libp2pStream s) {
      reader.release();
      deadline.cancel(false);
    }
  }
}
