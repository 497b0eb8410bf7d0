package dev.mero4j.transport.loopback;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.api.RequestHandler;
import dev.mero4j.transport.api.RequestTimeoutException;
import dev.mero4j.transport.api.TransportClosedException;
import dev.mero4j.transport.api.TransportException;
import dev.mero4j.transport.api.UnsupportedProtocolException;
import dev.mero4j.transport.loopback.LoopbackEnvelope.Request;
import dev.mero4j.transport.loopback.LoopbackEnvelope.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The request/response side of one loopback node: served protocols and requests in flight. */
final class LoopbackRequests {
  /** A request waiting for its response. */
  private record Pending(PeerId peer, CompletableFuture<byte[]> future) {}

  private final LoopbackNetwork network;
  private final Map<String, RequestHandler> services = new ConcurrentHashMap<>();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong();

  LoopbackRequests(LoopbackNetwork network) {
    this.network = network;
  }

  void serve(String protocol, RequestHandler handler) {
    services.put(protocol, handler);
  }

  CompletableFuture<byte[]> send(
      LoopbackTransport self,
      LoopbackTransport remote,
      String protocol,
      byte[] body,
      Duration timeout) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    long id = nextId.getAndIncrement();
    PeerId peer = remote.id();
    pending.put(id, new Pending(peer, result));
    network.schedule(
        () -> {
          Pending p = pending.remove(id);
          if (p != null) {
            p.future()
                .completeExceptionally(
                    new RequestTimeoutException(protocol + " to " + peer + " timed out"));
          }
        },
        timeout);
    network.send(self, remote, new Request(id, protocol, body.clone()));
    return result;
  }

  void onRequest(LoopbackTransport self, LoopbackTransport requester, Request r) {
    RequestHandler handler = services.get(r.protocol());
    Response response;
    if (handler == null) {
      response = new Response(r.id(), null, "protocol not served: " + r.protocol(), true);
    } else {
      try {
        response =
            new Response(r.id(), handler.handle(requester.id(), r.body().clone()), null, false);
      } catch (RuntimeException e) {
        response =
            new Response(r.id(), null, "handler failed: " + e.getClass().getSimpleName(), false);
      }
    }
    network.send(self, requester, response);
  }

  void onResponse(Response r) {
    Pending p = pending.remove(r.id());
    if (p == null) {
      return;
    }
    if (r.error() == null) {
      p.future().complete(r.body());
    } else if (r.unsupported()) {
      p.future().completeExceptionally(new UnsupportedProtocolException(r.error()));
    } else {
      p.future().completeExceptionally(new TransportException(r.error()));
    }
  }

  /** Fails the requests waiting on a peer that went away. */
  void peerGone(PeerId peer) {
    pending
        .values()
        .removeIf(
            p -> {
              if (p.peer().equals(peer)) {
                p.future()
                    .completeExceptionally(new PeerUnreachableException(peer + " disconnected"));
                return true;
              }
              return false;
            });
  }

  void close() {
    pending
        .values()
        .forEach(p -> p.future().completeExceptionally(new TransportClosedException("closed")));
    pending.clear();
  }
}
