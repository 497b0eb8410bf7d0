package dev.mero4j.transport.libp2p.internal.reqresp;

import dev.mero4j.transport.api.PeerBusyException;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.RequestHandler;
import dev.mero4j.transport.api.RequestTimeoutException;
import dev.mero4j.transport.api.TransportException;
import dev.mero4j.transport.libp2p.internal.conn.Libp2pHost;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.stream.StreamProtocolHandler;
import io.netty.buffer.ByteBuf;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Serves and sends request/response exchanges; application handlers run on {@code appExecutor},
 * never on a network thread. Inbound requests are admitted within {@link InboundLimits}: one past a
 * limit is refused as busy (the stream half-closes with no response), one not read by the deadline
 * is reset.
 */
public final class ReqRespHandler implements StreamProtocolHandler {
  private static final System.Logger LOG = System.getLogger(ReqRespHandler.class.getName());

  private final Libp2pHost host;
  private final Executor appExecutor;
  private final Map<String, RequestHandler> handlers = new ConcurrentHashMap<>();
  private final InboundLimits limits = new InboundLimits();

  public ReqRespHandler(Libp2pHost host, Executor appExecutor) {
    this.host = host;
    this.appExecutor = appExecutor;
  }

  public void serve(String protocol, RequestHandler handler) {
    handlers.put(protocol, handler);
    host.handle(protocol, this);
  }

  /** What inbound requests hold now. */
  public InboundLimits limits() {
    return limits;
  }

  @Override
  public StreamHandler accept(Libp2pStream stream, String protocol) {
    RequestHandler handler = handlers.get(protocol);
    InboundLimits.Lease lease =
        limits.open(stream.remotePeer(), host.remoteIp(stream.remotePeer()));
    if (lease == null) {
      return busy(stream);
    }
    ReqRespCodec codec = new ReqRespCodec();
    StreamHandler reader =
        new StreamHandler() {
          private boolean received;

          @Override
          public void onData(Libp2pStream s, ByteBuf data) {
            if (received) {
              throw new ProtocolViolationException("data after the request");
            }
            if (!lease.add(data.readableBytes())) {
              codec.release();
              lease.close();
              s.handler(busy(s));
              return;
            }
            ReqRespFrame request = codec.decode(data);
            if (request != null) {
              received = true;
              codec.release();
              dispatch(s, handler, request, lease);
            }
          }

          @Override
          public void onRemoteClose(Libp2pStream s) {
            if (!received) {
              codec.release();
              lease.close();
              s.reset();
            }
          }

          @Override
          public void onReset(Libp2pStream s) {
            codec.release();
            lease.close();
          }
        };
    CompletableFuture.delayedExecutor(
            InboundLimits.READ_DEADLINE.toNanos(), TimeUnit.NANOSECONDS, appExecutor)
        .execute(
            () -> {
              if (lease.stalled()) {
                lease.close();
                stream.reset();
              }
            });
    return reader;
  }

  /**
   * Refuses a request for load: half-closes with no response (the requester reads "busy") and drops
   * whatever else arrives on the stream.
   */
  private static StreamHandler busy(Libp2pStream stream) {
    stream.closeWrite();
    return (s, data) -> {};
  }

  private void dispatch(
      Libp2pStream s, RequestHandler handler, ReqRespFrame request, InboundLimits.Lease lease) {
    lease.dispatched();
    appExecutor.execute(
        () -> {
          try {
            respond(s, handler, request);
          } finally {
            lease.close();
          }
        });
  }

  private static void respond(Libp2pStream s, RequestHandler handler, ReqRespFrame request) {
    byte[] response;
    try {
      response = handler.handle(s.remotePeer(), request.body());
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "request handler failed for {0}: {1}", s.remotePeer(), e.toString());
      s.reset();
      return;
    }
    if (response == null || response.length > ReqRespProtocol.MAX_MESSAGE) {
      LOG.log(Level.WARNING, "request handler returned no or an oversized response; resetting");
      s.reset();
      return;
    }
    s.write(ReqRespCodec.encode(new ReqRespFrame(response)));
    s.closeWrite();
  }

  /** Sends one request and completes with the response. */
  public CompletableFuture<byte[]> request(
      PeerId peer, String protocol, byte[] body, Duration timeout) {
    if (body.length > ReqRespProtocol.MAX_MESSAGE) {
      return CompletableFuture.failedFuture(new TransportException("request larger than 8 MiB"));
    }
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    CompletableFuture<Libp2pStream> opened =
        host.newStream(
            peer, List.of(protocol), (s, p) -> new ResponseReader(peer, protocol, result));
    opened.whenComplete(
        (s, e) -> {
          if (e != null) {
            result.completeExceptionally(
                e instanceof TransportException
                    ? e
                    : e.getCause() instanceof TransportException
                        ? e.getCause()
                        : new TransportException("cannot open " + protocol + " to " + peer, e));
          } else {
            s.write(ReqRespCodec.encode(new ReqRespFrame(body)));
            s.closeWrite();
          }
        });
    CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .execute(
            () -> {
              if (result.completeExceptionally(
                  new RequestTimeoutException(protocol + " to " + peer + " timed out"))) {
                opened.thenAccept(Libp2pStream::reset);
              }
            });
    return result;
  }

  /** Reads the single response of an outbound request. */
  private static final class ResponseReader implements StreamHandler {
    private final PeerId peer;
    private final String protocol;
    private final CompletableFuture<byte[]> result;
    private final ReqRespCodec codec = new ReqRespCodec();

    ResponseReader(PeerId peer, String protocol, CompletableFuture<byte[]> result) {
      this.peer = peer;
      this.protocol = protocol;
      this.result = result;
    }

    @Override
    public void onData(Libp2pStream st, ByteBuf data) {
      ReqRespFrame response = codec.decode(data);
      if (response != null) {
        codec.release();
        result.complete(response.body());
      }
    }

    @Override
    public void onRemoteClose(Libp2pStream st) {
      codec.release();
      result.completeExceptionally(
          new PeerBusyException(peer + " is busy: " + protocol + " closed without a response"));
    }

    @Override
    public void onReset(Libp2pStream st) {
      codec.release();
      result.completeExceptionally(
          new TransportException(protocol + " request was reset by " + peer));
    }
  }
}
