package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import java.util.List;

/** Every message of the replication protocol (docs/wire-format.md, "Replication"). */
public sealed interface SyncFrame {
  /** Topic: a committed delta's signed envelope. */
  record Delta(ContextId context, byte[] envelope) implements SyncFrame {}

  /** Topic: the sender's root and heads, announced periodically. */
  record Heartbeat(ContextId context, Hash root, List<DeltaId> heads) implements SyncFrame {}

  /** Request: the responder's root and heads of a context. */
  record HeadsRequest(ContextId context) implements SyncFrame {}

  /** Response: {@code known} is false when the responder does not have the context. */
  record HeadsResponse(boolean known, Hash root, List<DeltaId> heads) implements SyncFrame {}

  /** Request: the envelopes of these deltas. */
  record GetRequest(ContextId context, List<DeltaId> ids) implements SyncFrame {}

  /** Response: the envelopes the responder has, and the ids it cannot serve (unknown or pruned). */
  record GetResponse(List<byte[]> envelopes, List<DeltaId> missing) implements SyncFrame {}
}
