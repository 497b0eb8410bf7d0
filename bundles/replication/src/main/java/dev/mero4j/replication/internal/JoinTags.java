package dev.mero4j.replication.internal;

import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.transport.api.PeerId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Names the context of a join hello by a tag fresh for each session, which only a holder of the
 * context's rendezvous secret (its members, and invitees through the invitation text) can compute
 * or recognise, so the peer a joiner dials learns no context id and cannot link two joins
 * (docs/wire-format.md, "Join session"):
 *
 * <pre>
 *   tag = HMAC-SHA256(rendezvous secret, "mero4j/join-hello/1" ‖ string joiner ‖ string responder
 *                     ‖ joiner nonce(32))
 * </pre>
 *
 * A responder matches a tag with one HMAC per context it holds ({@link #resolve}), whatever the
 * tag.
 */
public final class JoinTags {
  /** Bytes of a tag. */
  public static final int TAG_BYTES = 32;

  private static final System.Logger LOG = System.getLogger(JoinTags.class.getName());
  private static final byte[] DOMAIN = "mero4j/join-hello/1".getBytes(StandardCharsets.UTF_8);

  private JoinTags() {}

  /** The tag of a hello from {@code joiner} to {@code responder} with {@code joinerNonce}. */
  public static byte[] tag(byte[] rendezvous, PeerId joiner, PeerId responder, byte[] joinerNonce) {
    return Hash.hmacSha256(rendezvous, DOMAIN, fields(joiner, responder, joinerNonce)).toBytes();
  }

  private static byte[] fields(PeerId joiner, PeerId responder, byte[] joinerNonce) {
    return new BinaryWriter(160)
        .string(joiner.value())
        .string(responder.value())
        .raw(joinerNonce)
        .toByteArray();
  }

  /**
   * The held context whose tag for this hello is {@code tag}, or empty. Costs exactly one HMAC per
   * context {@code contexts} holds, compared in constant time and without stopping at a match, so
   * neither the work nor its time depends on the tag.
   */
  static Optional<ContextId> resolve(
      ReplicaDirectory contexts, PeerId joiner, PeerId responder, byte[] joinerNonce, byte[] tag) {
    byte[] fields = fields(joiner, responder, joinerNonce);
    ContextId found = null;
    for (ContextId context : contexts.contextIds()) {
      byte[] secret;
      try {
        secret = contexts.rendezvousSecret(context);
      } catch (UnknownContextException e) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "context {0} deleted meanwhile: {1}",
            context,
            e.getMessage());
        continue;
      }
      if (MessageDigest.isEqual(tag, Hash.hmacSha256(secret, DOMAIN, fields).toBytes())) {
        found = context;
      }
    }
    return Optional.ofNullable(found);
  }
}
