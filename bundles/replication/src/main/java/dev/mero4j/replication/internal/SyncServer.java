package dev.mero4j.replication.internal;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.runtime.api.Admissions;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.ReplicaLog;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.RequestHandler;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers peers' sync requests from this node's replicas; a malformed request resets the stream.
 */
public final class SyncServer implements RequestHandler {
  private final ReplicaDirectory contexts;
  private final Admissions admissions;
  private final int maxDeltas;
  private final int snapshotAfter;

  private final SinceHeadsServer since;
  private final SnapshotServer snapshots;
  private final MembershipServer membership;

  private final SessionTags tags;
  private final MemberGate gate;

  /**
   * A server that serves no joins (it knows no local peer id to bind a session to). {@code
   * snapshotAfter}: more missing deltas than this are repaired by a snapshot instead; {@code tags}
   * resolves the session tag a request names its context by; only requests carrying the proof of a
   * current member are answered ({@link MemberGate}).
   */
  public SyncServer(
      ReplicaDirectory contexts,
      Admissions admissions,
      int maxDeltas,
      int snapshotAfter,
      SessionTags tags) {
    this(
        contexts,
        admissions,
        maxDeltas,
        snapshotAfter,
        tags,
        new JoinSessions(Optional.empty(), Clock.systemUTC(), new SecureRandom()));
  }

  private SyncServer(
      ReplicaDirectory contexts,
      Admissions admissions,
      int maxDeltas,
      int snapshotAfter,
      SessionTags tags,
      JoinSessions sessions) {
    this.contexts = contexts;
    this.admissions = admissions;
    this.tags = tags;
    this.gate = new MemberGate(tags, admissions);
    this.maxDeltas = maxDeltas;
    this.snapshotAfter = snapshotAfter;
    this.since = new SinceHeadsServer(contexts, snapshotAfter);
    this.snapshots = new SnapshotServer(contexts);
    this.membership = new MembershipServer(contexts, admissions, sessions);
  }

  /** The same server, also serving join sessions of the local peer {@code sessions} names. */
  public SyncServer servingJoins(JoinSessions sessions) {
    return new SyncServer(contexts, admissions, maxDeltas, snapshotAfter, tags, sessions);
  }

  /** Snapshot images built since start. */
  public long snapshotBuilds() {
    return snapshots.builds();
  }

  @Override
  public byte[] handle(PeerId from, byte[] request) {
    SyncFrame frame;
    try {
      frame = SyncCodec.decode(request);
    } catch (PrimitiveException e) {
      throw new ProtocolViolationException(
          "malformed sync request from " + from + ": " + e.getMessage(), e);
    }
    SyncFrame admitted = gate.admit(frame, from);
    if (admitted instanceof SyncFrame.GovernanceRequest g
        && g.context().equals(SessionTags.NOBODY)) {
      Optional<SyncFrame.GovernanceResponse> standing = gate.standing(frame, from);
      if (standing.isPresent()) {
        return SyncCodec.encode(standing.get());
      }
    }
    frame = admitted;
    if (frame instanceof SyncFrame.HeadsRequest r) {
      if (!contexts.contextIds().contains(r.context())) {
        return SyncCodec.encode(new SyncFrame.HeadsResponse(false, Hash.ZERO, List.of()));
      }
      ReplicaLog.Frontier frontier = contexts.log(r.context()).frontier();
      return SyncCodec.encode(new SyncFrame.HeadsResponse(true, frontier.root(), frontier.heads()));
    }
    if (frame instanceof SyncFrame.GetRequest r) {
      List<byte[]> found = new ArrayList<>();
      List<DeltaId> missing = new ArrayList<>();
      boolean known = contexts.contextIds().contains(r.context());
      for (DeltaId id : r.ids().subList(0, Math.min(r.ids().size(), maxDeltas))) {
        Optional<byte[]> envelope =
            known ? contexts.log(r.context()).envelope(id) : Optional.empty();
        if (envelope.isPresent()) {
          found.add(envelope.get());
        } else {
          missing.add(id);
        }
      }
      return SyncCodec.encode(new SyncFrame.GetResponse(found, missing));
    }
    if (frame instanceof SyncFrame.SinceRequest r) {
      return SyncCodec.encode(since.handle(from, r));
    }
    if (frame instanceof SyncFrame.SnapshotRequest r) {
      return SyncCodec.encode(snapshots.handle(r));
    }
    if (frame instanceof SyncFrame.JoinHello r) {
      return SyncCodec.encode(membership.hello(from, r));
    }
    if (frame instanceof SyncFrame.JoinRequest r) {
      return SyncCodec.encode(membership.join(from, r));
    }
    if (frame instanceof SyncFrame.GovernanceRequest r) {
      return SyncCodec.encode(membership.governance(r));
    }
    if (frame instanceof SyncFrame.KeyRequest r) {
      return SyncCodec.encode(membership.keys(r));
    }
    throw new ProtocolViolationException(
        "unexpected sync request " + frame.getClass().getSimpleName() + " from " + from);
  }
}
