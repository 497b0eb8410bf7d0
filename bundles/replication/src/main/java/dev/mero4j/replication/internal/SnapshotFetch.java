package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.runtime.api.ContextSnapshot;
import dev.mero4j.runtime.api.RejectedSnapshotException;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Downloads a peer's snapshot page by page and installs it; a download cut by a dropped connection
 * is kept and resumed at its offset on the next attempt.
 *
 * <pre>
 *   (id ZERO, 0) ─► PAGE(id, root, total) ─► (id, offset) ─► … ─► all bytes
 *   ─► SHA-256 = id? ─► inflate + decode ─► root = advertised? ─► install (re-hashes the state)
 *   GONE ─► forget the partial download, start again once
 * </pre>
 */
public final class SnapshotFetch {
  private final SyncRequests requests;
  private final Map<ContextId, Partial> partials = new ConcurrentHashMap<>();

  SnapshotFetch(SyncRequests requests) {
    this.requests = requests;
  }

  /** Receives progress: image bytes received of the total. */
  @FunctionalInterface
  public interface Progress {
    void received(long bytes, long total);
  }

  /** A download in progress. */
  private static final class Partial {
    final Hash id;
    final Hash root;
    final long total;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Partial(Hash id, Hash root, long total) {
      this.id = id;
      this.root = root;
      this.total = total;
    }
  }

  /**
   * Fetches and installs {@code peer}'s snapshot of the replica's context.
   *
   * @return false when the peer does not hold the context
   * @throws ProtocolViolationException if the snapshot is truncated, corrupt or lies about its root
   */
  boolean fetch(PeerId peer, Replica replica, Progress progress, CatchUpDeadline deadline) {
    ContextId ctx = replica.id();
    Partial partial = partials.get(ctx);
    boolean restarted = false;
    while (partial == null || partial.bytes.size() < partial.total) {
      deadline.check(peer);
      long offset = partial == null ? 0 : partial.bytes.size();
      SyncFrame.SnapshotResponse page =
          requests.ask(
              peer,
              new SyncFrame.SnapshotRequest(ctx, partial == null ? Hash.ZERO : partial.id, offset),
              SyncFrame.SnapshotResponse.class);
      if (page.outcome() == SyncFrame.SnapshotOutcome.UNKNOWN_CONTEXT) {
        return false;
      }
      if (page.outcome() == SyncFrame.SnapshotOutcome.GONE) {
        partials.remove(ctx);
        if (partial == null || restarted) {
          throw new ProtocolViolationException(
              "peer " + peer + " cannot serve a snapshot of " + ctx);
        }
        partial = null;
        restarted = true;
        continue;
      }
      if (partial == null) {
        partial = new Partial(page.snapshot(), page.root(), page.total());
        partials.put(ctx, partial);
      }
      append(peer, replica, partial, page);
      progress.received(partial.bytes.size(), partial.total);
    }
    partials.remove(ctx);
    install(peer, replica, partial);
    return true;
  }

  /** Bytes of the download in progress for a context, if one is kept. */
  long pendingBytes(ContextId ctx) {
    Partial partial = partials.get(ctx);
    return partial == null ? 0 : partial.bytes.size();
  }

  private void append(
      PeerId peer, Replica replica, Partial partial, SyncFrame.SnapshotResponse page) {
    if (!page.snapshot().equals(partial.id)
        || page.offset() != partial.bytes.size()
        || page.total() != partial.total) {
      partials.remove(replica.id());
      throw new ProtocolViolationException(
          "peer " + peer + " sent a snapshot page that does not continue the download");
    }
    byte[] plain;
    try {
      plain = replica.transfer().openSyncPayload(page.page());
    } catch (RejectedSnapshotException e) {
      partials.remove(replica.id());
      throw new ProtocolViolationException(
          "peer " + peer + " sent a snapshot page that does not open", e);
    }
    if (plain.length == 0 || partial.bytes.size() + plain.length > partial.total) {
      partials.remove(replica.id());
      throw new ProtocolViolationException(
          "peer "
              + peer
              + " sent a snapshot page of "
              + plain.length
              + " bytes at "
              + page.offset()
              + " of "
              + partial.total);
    }
    partial.bytes.writeBytes(plain);
  }

  private static void install(PeerId peer, Replica replica, Partial partial) {
    byte[] image = partial.bytes.toByteArray();
    if (!Hash.sha256(image).equals(partial.id)) {
      throw new ProtocolViolationException(
          "peer " + peer + " sent snapshot bytes that do not hash to its id " + partial.id);
    }
    ContextSnapshot snapshot;
    try {
      snapshot = SnapshotImage.decode(image);
    } catch (PrimitiveException e) {
      throw new ProtocolViolationException(
          "peer " + peer + " sent a malformed snapshot: " + e.getMessage(), e);
    }
    if (!snapshot.root().equals(partial.root)) {
      throw new ProtocolViolationException(
          "peer "
              + peer
              + " advertised root "
              + partial.root
              + " but its snapshot says "
              + snapshot.root());
    }
    try {
      replica.transfer().installSnapshot(snapshot);
    } catch (RejectedSnapshotException e) {
      throw new ProtocolViolationException(
          "peer " + peer + " sent a snapshot that was refused: " + e.getMessage(), e);
    }
  }
}
