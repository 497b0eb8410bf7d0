package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.runtime.api.ApplicationTransfer;
import dev.mero4j.runtime.api.JoinUnavailableException;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches an application module over {@code /mero4j/app/1} in chunks, asking peers in turn. Chunks
 * are kept through {@link ApplicationTransfer} as they arrive, so a fetch resumes where the last
 * one stopped. The whole module must hash to its id: a peer whose bytes do not, or who names
 * another size, is dropped and the download starts again from the next peer.
 */
public final class AppFetch {
  private final Transport transport;
  private final ApplicationTransfer transfer;
  private final Duration timeout;

  public AppFetch(Transport transport, ApplicationTransfer transfer, Duration timeout) {
    this.transport = transport;
    this.transfer = transfer;
    this.timeout = timeout;
  }

  /**
   * The module of {@code application}, of {@code size} bytes (at most {@code maxBytes} and {@link
   * AppProtocol#MAX_MODULE_BYTES}), from the first of {@code peers} that serves it correctly.
   *
   * @throws JoinUnavailableException when no peer served a module with that hash
   */
  public byte[] fetch(ApplicationId application, long size, long maxBytes, List<PeerId> peers) {
    checkSize(application, size, maxBytes);
    List<String> failures = new ArrayList<>();
    for (PeerId peer : peers) {
      try {
        byte[] module = fetchFrom(peer, application, (int) size);
        if (Hash.sha256(module).equals(Hash.of(application.toBytes()))) {
          transfer.discardDownload(application);
          return module;
        }
        transfer.discardDownload(application);
        failures.add(peer + ": sent bytes that do not hash to the application id; dropped");
      } catch (TransportException e) {
        failures.add(peer + ": " + e.getMessage());
      }
    }
    throw new JoinUnavailableException(
        "no peer served application "
            + application
            + (failures.isEmpty()
                ? " (no peer to ask)"
                : " (" + String.join("; ", failures) + ")"));
  }

  /**
   * Refuses a size outside 1..{@code maxBytes} and {@link AppProtocol#MAX_MODULE_BYTES} before any
   * peer is asked.
   *
   * @throws JoinUnavailableException when the size is out of range
   */
  static void checkSize(ApplicationId application, long size, long maxBytes) {
    long limit = Math.min(maxBytes, AppProtocol.MAX_MODULE_BYTES);
    if (size <= 0 || size > limit) {
      throw new JoinUnavailableException(
          "application " + application + " of " + size + " bytes: not in 1.." + limit);
    }
  }

  private byte[] fetchFrom(PeerId peer, ApplicationId application, int size) {
    byte[] kept = transfer.partialDownload(application);
    if (kept.length > size) {
      transfer.discardDownload(application);
      kept = new byte[0];
    }
    ByteArrayOutputStream module = new ByteArrayOutputStream(size);
    module.write(kept, 0, kept.length);
    while (module.size() < size) {
      long offset = module.size();
      AppProtocol.Response response = ask(peer, new AppProtocol.Request(application, offset));
      if (!response.known()) {
        throw new TransportException(peer + " does not serve " + application);
      }
      int expected = (int) Math.min(AppProtocol.CHUNK_BYTES, size - offset);
      if (response.total() != size || response.chunk().length != expected) {
        transfer.discardDownload(application);
        throw new ProtocolViolationException(
            "named a module of "
                + response.total()
                + " bytes and sent "
                + response.chunk().length
                + " at "
                + offset
                + " (expected "
                + size
                + " and "
                + expected
                + "); dropped");
      }
      transfer.saveChunk(application, offset, response.chunk());
      module.write(response.chunk(), 0, expected);
    }
    return module.toByteArray();
  }

  private AppProtocol.Response ask(PeerId peer, AppProtocol.Request request) {
    try {
      byte[] bytes =
          transport
              .request(peer, AppProtocol.ID, AppProtocol.encode(request), timeout)
              .toCompletableFuture()
              .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      return AppProtocol.decodeResponse(bytes);
    } catch (PrimitiveException | IllegalArgumentException e) {
      throw new ProtocolViolationException("sent a bad application response: " + e.getMessage(), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof TransportException t
          ? t
          : new TransportException("application request failed", e.getCause());
    } catch (TimeoutException e) {
      throw new TransportException("application request timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted", e);
    }
  }
}
