package dev.mero4j.transport.libp2p.internal.util;

import dev.mero4j.primitives.Base58;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import java.util.Arrays;

/**
 * libp2p key encoding and peer ids for Ed25519 identities: the protobuf {@code PublicKey} and its
 * identity multihash, printed in base58btc ({@code 12D3KooW…}).
 *
 * @see <a href="https://github.com/libp2p/specs/blob/master/peer-ids/peer-ids.md">peer-ids</a>
 */
public final class PeerIds {
  /** {@code KeyType.Ed25519} in the libp2p key protobuf. */
  public static final int KEY_TYPE_ED25519 = 1;

  private static final int MULTIHASH_IDENTITY = 0x00;

  /** Keys up to this many encoded bytes are inlined in the peer id with the identity hash. */
  private static final int MAX_INLINE_KEY_LENGTH = 42;

  private PeerIds() {}

  /** The protobuf encoding {@code {Type: Ed25519, Data: key}}, 36 bytes. */
  public static byte[] encodePublicKey(PublicKey key) {
    return new ProtoWriter().uint64(1, KEY_TYPE_ED25519).bytes(2, key.toBytes()).toByteArray();
  }

  /** Decodes a protobuf public key; only Ed25519 is accepted. */
  public static PublicKey decodePublicKey(byte[] encoded) {
    ProtoReader r = new ProtoReader(encoded);
    long type = -1;
    byte[] data = null;
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> type = r.uint64();
        case 2 -> data = r.bytes();
        default -> r.skip();
      }
    }
    if (type != KEY_TYPE_ED25519 || data == null || data.length != 32) {
      throw new ProtocolViolationException(
          "unsupported or malformed libp2p public key (type " + type + ")");
    }
    return PublicKey.of(data);
  }

  /** The identity multihash of an Ed25519 key: the binary peer id. */
  public static byte[] toBytes(PublicKey key) {
    byte[] encoded = encodePublicKey(key);
    byte[] out = new byte[2 + encoded.length];
    out[0] = MULTIHASH_IDENTITY;
    out[1] = (byte) encoded.length;
    System.arraycopy(encoded, 0, out, 2, encoded.length);
    return out;
  }

  public static PeerId of(PublicKey key) {
    return new PeerId(Base58.encode(toBytes(key)));
  }

  public static PeerId fromBytes(byte[] multihash) {
    return new PeerId(Base58.encode(multihash));
  }

  public static byte[] toBytes(PeerId peer) {
    try {
      return Base58.decode(peer.value());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a base58 peer id: " + peer, e);
    }
  }

  /**
   * Extracts the inlined public key of a peer id, or throws when it is not an Ed25519 identity id.
   */
  public static PublicKey publicKeyOf(byte[] multihash) {
    if (multihash.length < 2 || multihash[0] != MULTIHASH_IDENTITY) {
      throw new ProtocolViolationException("peer id does not inline its key");
    }
    int len = multihash[1] & 0xFF;
    if (len > MAX_INLINE_KEY_LENGTH || len != multihash.length - 2) {
      throw new ProtocolViolationException("malformed identity multihash");
    }
    return decodePublicKey(Arrays.copyOfRange(multihash, 2, multihash.length));
  }

  /** Parses a printed peer id and checks that it is an Ed25519 identity multihash. */
  public static PeerId parse(String text) {
    byte[] bytes;
    try {
      bytes = Base58.decode(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a base58 peer id: " + text, e);
    }
    publicKeyOf(bytes);
    return new PeerId(text);
  }
}
