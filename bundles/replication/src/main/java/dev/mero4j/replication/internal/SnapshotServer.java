package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.ContextSnapshot;
import dev.mero4j.runtime.api.ReplicaDirectory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves snapshot pages: builds the deflated image of a context's current state once, keeps it by
 * its hash so a requester can resume at any offset, and seals each page for the context. Requests
 * that arrive while an image of their context is being built share that build, and one image is
 * built at a time, so parallel requests cost one build.
 */
public final class SnapshotServer {
  /** Images kept for resuming; an evicted one answers GONE and the requester starts again. */
  static final int MAX_IMAGES = 4;

  /** Image bytes per page, before sealing. */
  static final int PAGE_BYTES = 2 << 20;

  /** Images built at the same time (each is a full state export and a deflate). */
  static final int MAX_CONCURRENT_BUILDS = 1;

  private final ReplicaDirectory contexts;
  private final int pageBytes;
  private final Semaphore builders = new Semaphore(MAX_CONCURRENT_BUILDS);
  private final Map<ContextId, CompletableFuture<Image>> building = new HashMap<>();
  private final AtomicLong builds = new AtomicLong();
  private final Map<Hash, Image> images =
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, Image> eldest) {
          return size() > MAX_IMAGES;
        }
      };

  private record Image(ContextId context, Hash id, Hash root, List<DeltaId> heads, byte[] bytes) {}

  SnapshotServer(ReplicaDirectory contexts) {
    this(contexts, PAGE_BYTES);
  }

  /** Serves pages of {@code pageBytes} image bytes (tests use small pages to cut a download). */
  public SnapshotServer(ReplicaDirectory contexts, int pageBytes) {
    this.contexts = contexts;
    this.pageBytes = Math.min(pageBytes, SyncCodec.MAX_PAGE - 4096);
  }

  public SyncFrame.SnapshotResponse handle(SyncFrame.SnapshotRequest request) {
    if (!contexts.contextIds().contains(request.context())) {
      return refusal(SyncFrame.SnapshotOutcome.UNKNOWN_CONTEXT);
    }
    Replica replica = Replica.of(contexts, request.context());
    Image image =
        request.snapshot().equals(Hash.ZERO) ? current(replica) : held(request.snapshot());
    if (image == null
        || !image.context().equals(request.context())
        || request.offset() > image.bytes().length) {
      return refusal(SyncFrame.SnapshotOutcome.GONE);
    }
    int from = (int) request.offset();
    int to = Math.min(image.bytes().length, from + pageBytes);
    byte[] page = replica.transfer().sealSyncPayload(Arrays.copyOfRange(image.bytes(), from, to));
    return new SyncFrame.SnapshotResponse(
        SyncFrame.SnapshotOutcome.PAGE, image.id(), image.root(), image.bytes().length, from, page);
  }

  /** Images built since start. */
  public long builds() {
    return builds.get();
  }

  /**
   * The image of the replica's state now: a held one when the heads did not move, else the one
   * being built for the context, else a new one.
   */
  private Image current(Replica replica) {
    List<DeltaId> heads = replica.log().frontier().heads();
    CompletableFuture<Image> shared;
    CompletableFuture<Image> mine = new CompletableFuture<>();
    synchronized (images) {
      for (Image held : images.values()) {
        if (held.context().equals(replica.id()) && held.heads().equals(heads)) {
          return held;
        }
      }
      shared = building.putIfAbsent(replica.id(), mine);
    }
    if (shared != null) {
      return await(shared);
    }
    try {
      Image image = build(replica);
      synchronized (images) {
        images.put(image.id(), image);
        building.remove(replica.id());
      }
      mine.complete(image);
      return image;
    } catch (RuntimeException e) {
      synchronized (images) {
        building.remove(replica.id());
      }
      mine.completeExceptionally(e);
      throw e;
    }
  }

  private Image build(Replica replica) {
    builders.acquireUninterruptibly();
    try {
      builds.incrementAndGet();
      ContextSnapshot snapshot = replica.transfer().exportSnapshot();
      byte[] bytes = SnapshotImage.encode(snapshot);
      return new Image(replica.id(), Hash.sha256(bytes), snapshot.root(), snapshot.heads(), bytes);
    } finally {
      builders.release();
    }
  }

  private static Image await(CompletableFuture<Image> shared) {
    try {
      return shared.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private Image held(Hash id) {
    synchronized (images) {
      return images.get(id);
    }
  }

  private static SyncFrame.SnapshotResponse refusal(SyncFrame.SnapshotOutcome outcome) {
    return new SyncFrame.SnapshotResponse(outcome, Hash.ZERO, Hash.ZERO, 0, 0, new byte[0]);
  }
}
