package dev.mero4j.replication.internal;

import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.transport.api.PeerId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Join sessions of the sync protocol: the transcript both sides sign (bound to the connection's two
 * authenticated peer ids and both nonces) and the responder's stateless nonces, which only this
 * node can mint, only for the peer and hello they answer, valid for {@link #LIFETIME}.
 *
 * <pre>
 *   session         = SHA-256("mero4j/join-session/1" ‖ context ‖ string joiner peer
 *                     ‖ string responder peer ‖ joiner nonce(32) ‖ responder nonce(40))
 *   responder nonce = u64 issuedAtMillis ‖ random(16) ‖ HMAC-SHA256(node key, joiner peer ‖ context
 *                     ‖ joiner nonce ‖ issuedAt ‖ random)[0..16]
 * </pre>
 */
public final class JoinSessions {
  /** Bytes of the joiner's nonce. */
  public static final int JOINER_NONCE_BYTES = 32;

  /** Bytes of the responder's nonce. */
  public static final int RESPONDER_NONCE_BYTES = 40;

  /** How long a responder nonce opens a session. */
  public static final Duration LIFETIME = Duration.ofMinutes(2);

  private static final byte[] DOMAIN = "mero4j/join-session/1".getBytes(StandardCharsets.UTF_8);
  private static final int RANDOM_BYTES = 16;
  private static final int MAC_BYTES = 16;

  private final Optional<PeerId> self;
  private final Clock clock;
  private final SecureRandom random;
  private final byte[] key = new byte[32];

  /** Sessions of the node {@code self}; without one, joins are not served. */
  public JoinSessions(Optional<PeerId> self, Clock clock, SecureRandom random) {
    this.self = self;
    this.clock = clock;
    this.random = random;
    random.nextBytes(key);
  }

  /** The transcript of one join session. */
  public static byte[] transcript(
      ContextId context,
      PeerId joiner,
      PeerId responder,
      byte[] joinerNonce,
      byte[] responderNonce) {
    byte[] bytes =
        new BinaryWriter(256)
            .raw(DOMAIN)
            .id(context)
            .string(joiner.value())
            .string(responder.value())
            .raw(joinerNonce)
            .raw(responderNonce)
            .toByteArray();
    return Hash.sha256(bytes).toBytes();
  }

  /** The local peer, or empty when this server does not serve joins. */
  Optional<PeerId> self() {
    return self;
  }

  /** A fresh responder nonce for {@code joiner}'s hello. */
  byte[] issue(PeerId joiner, ContextId context, byte[] joinerNonce) {
    byte[] nonce = new byte[RANDOM_BYTES];
    random.nextBytes(nonce);
    long now = clock.millis();
    return new BinaryWriter(RESPONDER_NONCE_BYTES)
        .fixed64(now)
        .raw(nonce)
        .raw(mac(joiner, context, joinerNonce, now, nonce))
        .toByteArray();
  }

  /** True when this node minted {@code responderNonce} for this peer and hello, recently. */
  boolean valid(PeerId joiner, ContextId context, byte[] joinerNonce, byte[] responderNonce) {
    if (responderNonce.length != RESPONDER_NONCE_BYTES) {
      return false;
    }
    BinaryReader in = new BinaryReader(responderNonce);
    long issued = in.fixed64();
    byte[] nonce = in.raw(RANDOM_BYTES);
    byte[] mac = in.raw(MAC_BYTES);
    long age = clock.millis() - issued;
    return MessageDigest.isEqual(mac, mac(joiner, context, joinerNonce, issued, nonce))
        && age >= 0
        && age <= LIFETIME.toMillis();
  }

  private byte[] mac(PeerId joiner, ContextId context, byte[] joinerNonce, long at, byte[] nonce) {
    byte[] fields =
        new BinaryWriter(128)
            .string(joiner.value())
            .id(context)
            .raw(joinerNonce)
            .fixed64(at)
            .raw(nonce)
            .toByteArray();
    return Arrays.copyOf(Hash.hmacSha256(key, fields).toBytes(), MAC_BYTES);
  }
}
