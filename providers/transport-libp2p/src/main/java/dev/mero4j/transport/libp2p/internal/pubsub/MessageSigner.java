package dev.mero4j.transport.libp2p.internal.pubsub;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.WireMessage;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import java.util.Arrays;

/**
 * Signs outgoing messages and validates incoming ones under the StrictSign policy: from, 8-byte
 * seqno and signature are required, the key (inline or in the peer id) must match the author.
 *
 * @see <a
 *     href="https://github.com/libp2p/specs/blob/master/pubsub/README.md#message-signing">message
 *     signing</a>
 */
final class MessageSigner {
  private final KeyPair identity;
  private final byte[] from;
  private final byte[] key;

  MessageSigner(KeyPair identity) {
    this.identity = identity;
    this.from = PeerIds.toBytes(identity.publicKey());
    this.key = PeerIds.encodePublicKey(identity.publicKey());
  }

  WireMessage sign(String topic, byte[] data, byte[] seqno) {
    WireMessage unsigned = new WireMessage(from, data, seqno, topic, null, null);
    return new WireMessage(
        from, data, seqno, topic, identity.sign(PubsubCodec.signedBytes(unsigned)).toBytes(), key);
  }

  /** Returns the author of a valid message or throws {@link ProtocolViolationException}. */
  static PeerId validate(WireMessage m) {
    if (m.topic() == null || m.from() == null) {
      throw new ProtocolViolationException("message without topic or author");
    }
    if (m.seqno() == null || m.seqno().length != PubsubProtocol.SEQNO_LENGTH) {
      throw new ProtocolViolationException("message seqno must have 8 bytes");
    }
    if (m.signature() == null || m.signature().length != Signature.LENGTH) {
      throw new ProtocolViolationException("message without a valid signature");
    }
    PublicKey publicKey;
    if (m.key() != null) {
      publicKey = PeerIds.decodePublicKey(m.key());
      if (!Arrays.equals(PeerIds.toBytes(publicKey), m.from())) {
        throw new ProtocolViolationException("message key does not match its author");
      }
    } else {
      publicKey = PeerIds.publicKeyOf(m.from());
    }
    if (!publicKey.verify(PubsubCodec.signedBytes(m), Signature.of(m.signature()))) {
      throw new ProtocolViolationException("message signature does not verify");
    }
    return author(m.from());
  }

  /** Authors seen recently; printing a peer id (base58) costs more than the lookup. */
  private static final java.util.Map<java.nio.ByteBuffer, PeerId> AUTHORS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Bound of {@link #AUTHORS}; peers are few, so the cache simply restarts when full. */
  private static final int MAX_AUTHORS = 4096;

  private static PeerId author(byte[] from) {
    java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(from.clone());
    PeerId id = AUTHORS.get(key);
    if (id == null) {
      if (AUTHORS.size() >= MAX_AUTHORS) {
        AUTHORS.clear();
      }
      id = PeerIds.fromBytes(from);
      AUTHORS.put(key, id);
    }
    return id;
  }
}
