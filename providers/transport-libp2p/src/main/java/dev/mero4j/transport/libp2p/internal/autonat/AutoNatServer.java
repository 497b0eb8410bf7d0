package dev.mero4j.transport.libp2p.internal.autonat;

import static dev.mero4j.transport.libp2p.internal.autonat.AutoNatMessage.E_BAD_REQUEST;
import static dev.mero4j.transport.libp2p.internal.autonat.AutoNatMessage.E_DIAL_ERROR;
import static dev.mero4j.transport.libp2p.internal.autonat.AutoNatMessage.E_DIAL_REFUSED;
import static dev.mero4j.transport.libp2p.internal.autonat.AutoNatMessage.E_INTERNAL_ERROR;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.conn.Connection;
import dev.mero4j.transport.libp2p.internal.conn.Libp2pHost;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.stream.StreamProtocolHandler;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Answers AutoNAT DIAL requests by dialling the requester back, but only at addresses on the IP its
 * direct connection comes from (so this node cannot be aimed at a third party), within rate limits,
 * a concurrency cap and a timeout; bad requests get {@code E_BAD_REQUEST}, never an exception.
 */
public final class AutoNatServer implements StreamProtocolHandler {
  private static final System.Logger LOG = System.getLogger(AutoNatServer.class.getName());

  /** Addresses dialled back for one request at most (in parallel). */
  public static final int MAX_DIALS = 4;

  /** A dial-back that has not connected by then counts as failed. */
  public static final Duration DIAL_TIMEOUT = Duration.ofSeconds(10);

  /** A stream that sends no complete request by then is reset. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Dial-back requests served per {@link #WINDOW}, from all peers together. */
  public static final int GLOBAL_PER_WINDOW = 30;

  /** Dial-back requests served per {@link #WINDOW} for one peer. */
  public static final int PEER_PER_WINDOW = 3;

  public static final Duration WINDOW = Duration.ofMinutes(1);

  /** Requests being dialled back at once; more are refused. */
  public static final int MAX_CONCURRENT = 8;

  private final Libp2pHost host;
  private final ScheduledExecutorService timer;
  private final DialBackLimiter limiter;
  private final AtomicInteger inFlight = new AtomicInteger();

  public AutoNatServer(Libp2pHost host, ScheduledExecutorService timer, LongSupplier nanoClock) {
    this.host = host;
    this.timer = timer;
    this.limiter = new DialBackLimiter(GLOBAL_PER_WINDOW, PEER_PER_WINDOW, WINDOW, nanoClock);
  }

  @Override
  public StreamHandler accept(Libp2pStream stream, String protocol) {
    OneMessage reader =
        new OneMessage(
            new OneMessage.Receiver() {
              @Override
              public void onMessage(Libp2pStream s, byte[] message) {
                serve(s, message);
              }

              @Override
              public void onFailure(Libp2pStream s, String reason, boolean oversized) {
                if (oversized) {
                  respond(s, E_BAD_REQUEST, reason, null);
                } else {
                  s.reset();
                }
              }
            });
    timer.schedule(
        () -> {
          if (reader.end()) {
            stream.reset();
          }
        },
        REQUEST_TIMEOUT.toMillis(),
        TimeUnit.MILLISECONDS);
    return reader;
  }

  private void serve(Libp2pStream stream, byte[] bytes) {
    try {
      AutoNatMessage m = AutoNatMessage.decode(bytes);
      if (m.type() != AutoNatMessage.DIAL || m.dial() == null) {
        respond(stream, E_BAD_REQUEST, "not a DIAL request", null);
        return;
      }
      PeerId requester = stream.remotePeer();
      if (m.dial().peerId() == null || !requester.equals(peerOf(m.dial().peerId()))) {
        respond(stream, E_BAD_REQUEST, "the peer id is not the requester's", null);
        return;
      }
      Connection c = host.connection(requester);
      if (c == null || c.relayed()) {
        respond(stream, E_DIAL_REFUSED, "no direct connection to check the IP on", null);
        return;
      }
      List<Multiaddr> targets = DialTargets.onObservedIp(m.dial().addrs(), c.remoteAddress());
      if (targets.isEmpty()) {
        respond(stream, E_DIAL_REFUSED, "no address on the IP you connect from", null);
        return;
      }
      if (!limiter.tryAcquire(requester)) {
        respond(stream, E_DIAL_REFUSED, "rate limited", null);
        return;
      }
      if (inFlight.incrementAndGet() > MAX_CONCURRENT) {
        inFlight.decrementAndGet();
        respond(stream, E_DIAL_REFUSED, "too many dial-backs in progress", null);
        return;
      }
      dialBack(requester, targets.subList(0, Math.min(MAX_DIALS, targets.size())))
          .whenComplete(
              (addr, e) -> {
                inFlight.decrementAndGet();
                if (e == null) {
                  respond(stream, AutoNatMessage.OK, null, addr.toBytes());
                } else {
                  respond(stream, E_DIAL_ERROR, "dial-back failed: " + e.getMessage(), null);
                }
              });
    } catch (ProtocolViolationException e) {
      respond(stream, E_BAD_REQUEST, e.getMessage(), null);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "AutoNAT request failed", e);
      respond(stream, E_INTERNAL_ERROR, "internal error", null);
    }
  }

  private static PeerId peerOf(byte[] multihash) {
    try {
      return PeerIds.fromBytes(multihash);
    } catch (RuntimeException e) {
      throw new ProtocolViolationException("unreadable peer id", e);
    }
  }

  /** Dials every target at once; completes with the first that connects, dropping each again. */
  private CompletableFuture<Multiaddr> dialBack(PeerId requester, List<Multiaddr> targets) {
    CompletableFuture<Multiaddr> result = new CompletableFuture<>();
    AtomicInteger left = new AtomicInteger(targets.size());
    for (Multiaddr target : targets) {
      host.punch(target.with("p2p", requester.value()), true)
          .whenComplete(
              (conn, e) -> {
                if (conn != null) {
                  conn.abort();
                  result.complete(target);
                } else if (left.decrementAndGet() == 0) {
                  result.completeExceptionally(e);
                }
              });
    }
    timer.schedule(
        () -> result.completeExceptionally(new TimeoutException("no answer in " + DIAL_TIMEOUT)),
        DIAL_TIMEOUT.toMillis(),
        TimeUnit.MILLISECONDS);
    return result;
  }

  private static void respond(Libp2pStream stream, int status, String text, byte[] addr) {
    byte[] response = AutoNatMessage.response(status, text, addr).encode();
    stream.write(LengthPrefixedReader.frame(response));
    stream.closeWrite();
  }
}
