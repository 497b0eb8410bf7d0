package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.primitives.Base58;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import dev.mero4j.transport.libp2p.internal.util.ProtoReader;
import dev.mero4j.transport.libp2p.internal.util.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one record namespace this DHT stores: {@code /mero4j/<peer id>/<name>}, whose value is {@code
 * SignedValue { uint64 seq = 1; bytes data = 2; bytes signature = 3; }} signed by the key the peer
 * id inlines, over {@code "mero4j-dht-record:" ‖ Payload { key = 1; seq = 2; data = 3 }}. Any other
 * key, a bad signature or a malformed value is refused; of two valid values the higher sequence
 * wins, equal sequences compare their bytes so every node picks the same.
 */
public final class SignedRecords {
  /** The namespace prefix. */
  public static final String PREFIX = "/mero4j/";

  private static final byte[] DOMAIN = "mero4j-dht-record:".getBytes(StandardCharsets.US_ASCII);

  /** A checked record value. */
  public record Value(long seq, byte[] data) {}

  private SignedRecords() {}

  /** The key of record {@code name} owned by {@code owner}. */
  public static byte[] key(PeerId owner, String name) {
    if (name.isEmpty() || name.length() > 64) {
      throw new IllegalArgumentException("a record name has 1 to 64 characters");
    }
    return (PREFIX + owner.value() + "/" + name).getBytes(StandardCharsets.UTF_8);
  }

  /** Signs {@code data} at {@code seq} under {@code key}, which must name {@code identity}. */
  public static byte[] sign(KeyPair identity, byte[] key, long seq, byte[] data) {
    if (!owner(key).equals(identity.publicKey())) {
      throw new IllegalArgumentException("the key names another peer");
    }
    Signature sig = identity.sign(payload(key, seq, data));
    return new ProtoWriter().uint64(1, seq).bytes(2, data).bytes(3, sig.toBytes()).toByteArray();
  }

  /** Checks {@code value} under {@code key}; throws {@link KadException} when invalid. */
  public static Value validate(byte[] key, byte[] value) {
    PublicKey owner = owner(key);
    try {
      return verify(key, owner, value);
    } catch (KadException e) {
      throw e;
    } catch (ProtocolViolationException e) {
      throw new KadException("malformed record value: " + e.getMessage());
    }
  }

  private static Value verify(byte[] key, PublicKey owner, byte[] value) {
    long seq = 0;
    byte[] data = new byte[0];
    byte[] sig = null;
    ProtoReader r = new ProtoReader(value);
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> seq = r.uint64();
        case 2 -> data = r.bytes();
        case 3 -> sig = r.bytes();
        default -> r.skip();
      }
    }
    if (sig == null || sig.length != Signature.LENGTH) {
      throw new KadException("record without a valid signature");
    }
    if (!owner.verify(payload(key, seq, data), Signature.of(sig))) {
      throw new KadException("record signature does not verify");
    }
    return new Value(seq, data);
  }

  /** Positive when {@code a} is better than {@code b} (both valid). */
  public static int compare(byte[] a, Value va, byte[] b, Value vb) {
    int bySeq = Long.compareUnsigned(va.seq(), vb.seq());
    return bySeq != 0 ? bySeq : Arrays.compareUnsigned(a, b);
  }

  private static PublicKey owner(byte[] key) {
    String text = new String(key, StandardCharsets.UTF_8);
    if (!text.startsWith(PREFIX)) {
      throw new KadException("record key outside the " + PREFIX + " namespace");
    }
    int slash = text.indexOf('/', PREFIX.length());
    if (slash < 0 || slash == text.length() - 1) {
      throw new KadException("record key without a name");
    }
    try {
      return PeerIds.publicKeyOf(Base58.decode(text.substring(PREFIX.length(), slash)));
    } catch (RuntimeException e) {
      throw new KadException("record key does not name an Ed25519 peer: " + e.getMessage());
    }
  }

  private static byte[] payload(byte[] key, long seq, byte[] data) {
    byte[] body = new ProtoWriter().bytes(1, key).uint64(2, seq).bytes(3, data).toByteArray();
    byte[] out = Arrays.copyOf(DOMAIN, DOMAIN.length + body.length);
    System.arraycopy(body, 0, out, DOMAIN.length, body.length);
    return out;
  }
}
