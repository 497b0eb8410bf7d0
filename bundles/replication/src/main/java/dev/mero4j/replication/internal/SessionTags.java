package dev.mero4j.replication.internal;

import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.transport.api.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Names a context in sync requests by a tag only its members can compute, bound to the two peers of
 * the session, so a peer learns no context id it does not hold and cannot probe for one
 * (docs/wire-format.md, "Context tags"):
 *
 * <pre>
 *   tag = HMAC-SHA256(rendezvous secret, "mero4j/sync-tag/1" ‖ string requester ‖ string responder)
 * </pre>
 */
public final class SessionTags {
  /** Requesters whose tag tables are kept; an evicted one is recomputed on its next request. */
  static final int MAX_PEERS = 256;

  private static final System.Logger LOG = System.getLogger(SessionTags.class.getName());

  private static final byte[] DOMAIN = "mero4j/sync-tag/1".getBytes(StandardCharsets.UTF_8);

  /** The context id a request names when its tag matches no held context: held by nobody. */
  static final ContextId NOBODY = ContextId.of(Hash.ZERO);

  private final ReplicaDirectory contexts;
  private final PeerId self;
  private final Map<PeerId, Table> tables =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, Table> eldest) {
          return size() > MAX_PEERS;
        }
      };

  /** The tags of one requester, computed over the contexts held then. */
  private record Table(Set<ContextId> over, Map<ContextId, ContextId> byTag) {}

  public SessionTags(ReplicaDirectory contexts, PeerId self) {
    this.contexts = contexts;
    this.self = self;
  }

  /** The local peer, the responder of the requests this node answers. */
  PeerId self() {
    return self;
  }

  /** The rendezvous secret of a held context. */
  byte[] secret(ContextId context) {
    return contexts.rendezvousSecret(context);
  }

  /** This node's member key of a held context (a new one after the node joined it again). */
  PublicKey memberKey(ContextId context) {
    return contexts.keys(context).memberKey();
  }

  /** The tag of {@code context} for a request from {@code requester} to {@code responder}. */
  public static ContextId tag(byte[] secret, PeerId requester, PeerId responder) {
    byte[] peers =
        new BinaryWriter(128).string(requester.value()).string(responder.value()).toByteArray();
    return ContextId.of(Hash.hmacSha256(secret, DOMAIN, peers));
  }

  /** A request of this node to {@code responder}, its context replaced by the session tag. */
  public SyncFrame outbound(SyncFrame request, PeerId responder) {
    return retarget(request, ctx -> tag(contexts.rendezvousSecret(ctx), self, responder));
  }

  /**
   * A request from {@code requester} with its tag replaced by the context it names; a tag no held
   * context matches (a bare context id too) becomes {@link #NOBODY}, so the answer is "unknown".
   */
  public SyncFrame inbound(SyncFrame request, PeerId requester) {
    return retarget(request, tag -> resolve(requester, tag).orElse(NOBODY));
  }

  /** The held context {@code tag} names for {@code requester}. */
  Optional<ContextId> resolve(PeerId requester, ContextId tag) {
    Set<ContextId> held = contexts.contextIds();
    synchronized (tables) {
      Table table = tables.get(requester);
      if (table == null || !table.over().equals(held)) {
        table = new Table(held, tableFor(requester, held));
        tables.put(requester, table);
      }
      return Optional.ofNullable(table.byTag().get(tag));
    }
  }

  private Map<ContextId, ContextId> tableFor(PeerId requester, Set<ContextId> held) {
    Map<ContextId, ContextId> byTag = new HashMap<>();
    for (ContextId ctx : held) {
      try {
        byTag.put(tag(contexts.rendezvousSecret(ctx), requester, self), ctx);
      } catch (UnknownContextException e) {
        LOG.log(
            System.Logger.Level.DEBUG, "context {0} deleted meanwhile: {1}", ctx, e.getMessage());
      }
    }
    return byTag;
  }

  /** {@code request} with its context mapped; frames without a context are returned as they are. */
  static SyncFrame retarget(SyncFrame request, UnaryOperator<ContextId> map) {
    if (request instanceof SyncFrame.HeadsRequest r) {
      return new SyncFrame.HeadsRequest(map.apply(r.context()));
    }
    if (request instanceof SyncFrame.GetRequest r) {
      return new SyncFrame.GetRequest(map.apply(r.context()), r.ids());
    }
    if (request instanceof SyncFrame.GovernanceRequest r) {
      return new SyncFrame.GovernanceRequest(map.apply(r.context()), r.ids());
    }
    if (request instanceof SyncFrame.KeyRequest r) {
      return new SyncFrame.KeyRequest(map.apply(r.context()), r.member());
    }
    if (request instanceof SyncFrame.SinceRequest r) {
      return new SyncFrame.SinceRequest(map.apply(r.context()), r.heads(), r.recent(), r.cursor());
    }
    if (request instanceof SyncFrame.SnapshotRequest r) {
      return new SyncFrame.SnapshotRequest(map.apply(r.context()), r.snapshot(), r.offset());
    }
    return request;
  }
}
