package dev.mero4j.replication.internal;

import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.runtime.api.Admissions;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One sync request to a peer, with its response decoded; every failure is a {@link
 * TransportException}.
 */
public final class SyncRequests {
  private final Transport transport;
  private final Duration timeout;
  private final SessionTags tags;
  private final MemberProofs proofs;

  /** Requests that name no context (joins). */
  SyncRequests(Transport transport, Duration timeout) {
    this.transport = transport;
    this.timeout = timeout;
    this.tags = null;
    this.proofs = null;
  }

  /**
   * Requests whose context {@code tags} replaces by the session tag, each with the member proof of
   * this node {@code admissions} signs for the context.
   */
  public SyncRequests(
      Transport transport, Duration timeout, SessionTags tags, Admissions admissions) {
    this.transport = transport;
    this.timeout = timeout;
    this.tags = tags;
    this.proofs = new MemberProofs(admissions, tags);
  }

  /** Sends {@code request} and returns the response, which must be a {@code type}. */
  <T extends SyncFrame> T ask(PeerId peer, SyncFrame request, Class<T> type) {
    SyncFrame response;
    try {
      SyncFrame sent =
          tags == null ? request : proofs.prove(request, tags.outbound(request, peer), peer);
      byte[] bytes =
          transport
              .request(peer, SyncProtocol.ID, SyncCodec.encode(sent), timeout)
              .toCompletableFuture()
              .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      response = SyncCodec.decode(bytes);
    } catch (PrimitiveException e) {
      throw new ProtocolViolationException(
          "peer " + peer + " sent a bad sync response: " + e.getMessage(), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof TransportException t
          ? t
          : new TransportException("sync request failed", e.getCause());
    } catch (TimeoutException e) {
      throw new TransportException("sync request to " + peer + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted", e);
    }
    if (!type.isInstance(response)) {
      throw new ProtocolViolationException(
          "peer " + peer + " answered with " + response.getClass().getSimpleName());
    }
    return type.cast(response);
  }
}
