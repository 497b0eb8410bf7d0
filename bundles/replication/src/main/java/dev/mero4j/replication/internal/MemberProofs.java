package dev.mero4j.replication.internal;

import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.Admissions;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.transport.api.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The requester's side of member-only sync: every request that names a context carries this node's
 * member proof for that context, bound to both peers of the connection (docs/wire-format.md,
 * "Member proofs"):
 *
 * <pre>
 *   session = SHA-256("mero4j/sync-member/1" ‖ context ‖ string requester ‖ string responder)
 *   proof   = member proof of the join session format over that session, its first 32 bytes (the
 *             member key) XOR HMAC-SHA256(rendezvous secret, "mero4j/sync-mask/1" ‖ session)
 * </pre>
 *
 * Noise authenticates both peer ids, so a proof replayed by another peer, or to another responder,
 * does not verify; a peer without the rendezvous secret learns neither the context nor the key.
 */
public final class MemberProofs {
  /**
   * Proofs kept per (context, responder, member key); an evicted one is signed again on its next
   * request.
   */
  static final int MAX_CACHED = 1024;

  private static final System.Logger LOG = System.getLogger(MemberProofs.class.getName());

  private static final byte[] DOMAIN = "mero4j/sync-member/1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] MASK = "mero4j/sync-mask/1".getBytes(StandardCharsets.UTF_8);

  private final Admissions admissions;
  private final SessionTags tags;
  private final Map<Key, byte[]> cached =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, byte[]> eldest) {
          return size() > MAX_CACHED;
        }
      };

  /** The member key is part of the key: a node that joined again proves its new key. */
  private record Key(ContextId context, PeerId responder, PublicKey member) {}

  /** Proofs of the member keys {@code admissions} signs with, for contexts {@code tags} knows. */
  public MemberProofs(Admissions admissions, SessionTags tags) {
    this.admissions = admissions;
    this.tags = tags;
  }

  /**
   * The 32 bytes a member proof of {@code context} from {@code requester} to {@code responder}
   * signs.
   */
  public static byte[] session(ContextId context, PeerId requester, PeerId responder) {
    byte[] bytes =
        new BinaryWriter(128)
            .raw(DOMAIN)
            .id(context)
            .string(requester.value())
            .string(responder.value())
            .toByteArray();
    return Hash.sha256(bytes).toBytes();
  }

  /**
   * {@code tagged}, the tagged form of {@code request}, with this node's proof for the context
   * {@code request} names; as it is when it names none or this node does not hold that context. The
   * proof is sent even when this node's own state no longer counts its key a member: the responder
   * judges membership in its state, and a removal that an op unseen here voids must not cut this
   * node off from that op.
   */
  SyncFrame prove(SyncFrame request, SyncFrame tagged, PeerId responder) {
    Optional<ContextId> context = contextOf(request);
    if (context.isEmpty()) {
      return tagged;
    }
    Key key;
    try {
      key = new Key(context.get(), responder, tags.memberKey(context.get()));
    } catch (UnknownContextException e) {
      LOG.log(System.Logger.Level.DEBUG, "no member proof for {0}: {1}", context, e.getMessage());
      return tagged;
    }
    byte[] proof;
    synchronized (cached) {
      proof = cached.get(key);
    }
    if (proof == null) {
      try {
        byte[] session = session(key.context(), tags.self(), responder);
        proof =
            mask(admissions.proveKey(key.context(), session), tags.secret(key.context()), session);
      } catch (UnknownContextException e) {
        LOG.log(System.Logger.Level.DEBUG, "no member proof for {0}: {1}", key, e.getMessage());
        return tagged;
      }
      synchronized (cached) {
        cached.put(key, proof);
      }
    }
    return new SyncFrame.Proven(proof, tagged);
  }

  /** {@code proof} with its member key masked, or unmasked: the mask is its own inverse. */
  public static byte[] mask(byte[] proof, byte[] rendezvous, byte[] session) {
    byte[] pad = Hash.hmacSha256(rendezvous, MASK, session).toBytes();
    byte[] out = proof.clone();
    for (int i = 0; i < Math.min(pad.length, out.length); i++) {
      out[i] ^= pad[i];
    }
    return out;
  }

  /** The context a request names, if it names one a session tag stands for. */
  static Optional<ContextId> contextOf(SyncFrame request) {
    ContextId[] named = new ContextId[1];
    SessionTags.retarget(
        request,
        ctx -> {
          named[0] = ctx;
          return ctx;
        });
    return Optional.ofNullable(named[0]);
  }
}
