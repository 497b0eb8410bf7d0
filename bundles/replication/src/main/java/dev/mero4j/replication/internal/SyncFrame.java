package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import java.util.List;

/** Every message of the replication protocol (docs/wire-format.md, "Replication"). */
public sealed interface SyncFrame {
  /**
   * Topic (1): a committed delta's envelope, sealed under the context key. No context id travels in
   * clear: the topic names the context by a hash and the sealed bytes bind it.
   */
  record Delta(byte[] envelope) implements SyncFrame {}

  /** Topic (2): the sender's root, heads and governance heads ({@link HeartbeatBody}), sealed. */
  record Heartbeat(byte[] sealed) implements SyncFrame {}

  /** Request: the responder's root and heads of a context. */
  record HeadsRequest(ContextId context) implements SyncFrame {}

  /** Response: {@code known} is false when the responder does not have the context. */
  record HeadsResponse(boolean known, Hash root, List<DeltaId> heads) implements SyncFrame {}

  /** Request: the envelopes of these deltas. */
  record GetRequest(ContextId context, List<DeltaId> ids) implements SyncFrame {}

  /** Response: the envelopes the responder has, and the ids it cannot serve (unknown or pruned). */
  record GetResponse(List<byte[]> envelopes, List<DeltaId> missing) implements SyncFrame {}

  /**
   * Request (7): an encoded membership {@code JoinRequest} bound to the session that {@code
   * joinerNonce} and the responder's {@code responderNonce} opened with {@link JoinHello}.
   */
  record JoinRequest(ContextId context, byte[] joinerNonce, byte[] responderNonce, byte[] request)
      implements SyncFrame {}

  /** Response (8): the member's answer, an encoded {@code JoinResponse} signed for the session. */
  record JoinResponse(byte[] response) implements SyncFrame {}

  /**
   * Request (30): opens a join session for the context whose {@link JoinTags} tag for this session
   * and {@code nonce} is {@code tag} (no context id travels); the responder must prove membership.
   */
  record JoinHello(byte[] tag, byte[] nonce) implements SyncFrame {
    public JoinHello {
      if (tag.length != JoinTags.TAG_BYTES || nonce.length != JoinSessions.JOINER_NONCE_BYTES) {
        throw new IllegalArgumentException(
            "a hello has a tag of "
                + JoinTags.TAG_BYTES
                + " bytes and a nonce of "
                + JoinSessions.JOINER_NONCE_BYTES);
      }
    }
  }

  /** Response (31): the responder's nonce and its member proof for the session. */
  record JoinChallenge(byte[] nonce, byte[] proof) implements SyncFrame {}

  /**
   * Request (32): {@code request}, which names a context by its session tag, with the requester's
   * member proof for that context and session ({@link MemberProofs}); the responder answers it only
   * when the proven key is a member in its current governance state.
   */
  record Proven(byte[] proof, SyncFrame request) implements SyncFrame {}

  /**
   * Request (9): the sealed governance ops of a context with these ids; the whole log when empty.
   */
  record GovernanceRequest(ContextId context, List<GovernanceOpId> ids) implements SyncFrame {}

  /** Response (10): sealed governance ops, each under the key current at its parents. */
  record GovernanceResponse(List<byte[]> ops) implements SyncFrame {}

  /** Request (11): every key of a context the responder holds, wrapped to {@code member}. */
  record KeyRequest(ContextId context, PublicKey member) implements SyncFrame {}

  /**
   * Response (12): keys wrapped to the requester ({@code keyId ‖ ephemeral ‖ ciphertext}, 112 B
   * each).
   */
  record KeyResponse(List<byte[]> keys) implements SyncFrame {}

  /** Topic (13): a governance op, sealed under the key current at its parents. */
  record Governance(byte[] sealed) implements SyncFrame {}

  /**
   * Request (14): the envelopes the responder holds beyond the requester's {@code heads} and a
   * bounded summary of its {@code recent} ids, in causal order, from position {@code cursor}.
   */
  record SinceRequest(ContextId context, List<DeltaId> heads, List<DeltaId> recent, int cursor)
      implements SyncFrame {}

  /**
   * Response (15): a page of envelopes at positions {@code [cursor, next)} of {@code total}, or why
   * a snapshot (or nothing) is the repair instead.
   */
  record SinceResponse(SinceOutcome outcome, int total, int next, List<byte[]> envelopes)
      implements SyncFrame {}

  /** What the responder can do for a {@link SinceRequest}. */
  enum SinceOutcome {
    PAGE,
    /** History the requester needs was pruned: fetch a snapshot. */
    PRUNED,
    /** More is missing than a snapshot costs: fetch a snapshot. */
    TOO_FAR,
    UNKNOWN_CONTEXT,
    /** The requester holds heads the responder lacks; a snapshot would drop them. */
    REQUESTER_AHEAD
  }

  /**
   * Request (16): bytes from {@code offset} of the deflated snapshot image {@code snapshot} ({@link
   * Hash#ZERO}: start a new snapshot of the current state).
   */
  record SnapshotRequest(ContextId context, Hash snapshot, long offset) implements SyncFrame {}

  /**
   * Response (17): one sealed page of snapshot image {@code snapshot} (its SHA-256) of {@code
   * total} bytes, starting at {@code offset}; the state inside hashes to {@code root}.
   */
  record SnapshotResponse(
      SnapshotOutcome outcome, Hash snapshot, Hash root, long total, long offset, byte[] page)
      implements SyncFrame {}

  /** What the responder can do for a {@link SnapshotRequest}. */
  enum SnapshotOutcome {
    PAGE,
    /** That snapshot is no longer held: start again. */
    GONE,
    UNKNOWN_CONTEXT
  }
}
