package dev.mero4j.transport.libp2p.internal.relay;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import dev.mero4j.transport.libp2p.internal.util.ProtoReader;
import dev.mero4j.transport.libp2p.internal.util.ProtoWriter;
import dev.mero4j.transport.libp2p.internal.util.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reservation voucher: the relay's signed envelope (domain {@code libp2p-relay-rsvp}, payload
 * type {@code 0x0302}) over {@code Voucher {relay = 1, peer = 2, expiration = 3}}.
 *
 * @param relay the relay that granted the reservation
 * @param peer the peer holding it
 * @param expiration UTC UNIX seconds when it lapses
 * @see <a href="https://github.com/libp2p/specs/blob/master/RFC/0002-signed-envelopes.md">signed
 *     envelopes</a>
 */
public record Voucher(PeerId relay, PeerId peer, long expiration) {

  /** Seals this voucher in an envelope signed by the relay's key. */
  public byte[] sign(KeyPair relayKey) {
    byte[] payload =
        new ProtoWriter()
            .bytes(1, PeerIds.toBytes(relay))
            .bytes(2, PeerIds.toBytes(peer))
            .uint64(3, expiration)
            .toByteArray();
    Signature sig = relayKey.sign(signedBytes(payload));
    return new ProtoWriter()
        .bytes(1, PeerIds.encodePublicKey(relayKey.publicKey()))
        .bytes(2, RelayProtocol.VOUCHER_PAYLOAD_TYPE)
        .bytes(3, payload)
        .bytes(5, sig.toBytes())
        .toByteArray();
  }

  /** Opens an envelope; throws unless it is a voucher signed by the relay it names. */
  public static Voucher open(byte[] envelope) {
    byte[] key = null;
    byte[] type = null;
    byte[] payload = null;
    byte[] signature = null;
    ProtoReader r = new ProtoReader(envelope);
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> key = r.bytes();
        case 2 -> type = r.bytes();
        case 3 -> payload = r.bytes();
        case 5 -> signature = r.bytes();
        default -> r.skip();
      }
    }
    if (key == null || payload == null || signature == null || signature.length != 64) {
      throw new ProtocolViolationException("incomplete voucher envelope");
    }
    if (!Arrays.equals(type, RelayProtocol.VOUCHER_PAYLOAD_TYPE)) {
      throw new ProtocolViolationException(
          "envelope is not a reservation voucher: payload type "
              + (type == null ? "absent" : dev.mero4j.primitives.Hex.encode(type)));
    }
    PublicKey signer = PeerIds.decodePublicKey(key);
    if (!signer.verify(signedBytes(payload), Signature.of(signature))) {
      throw new ProtocolViolationException("voucher signature does not verify");
    }
    Voucher v = decodePayload(payload);
    if (!PeerIds.of(signer).equals(v.relay())) {
      throw new ProtocolViolationException("voucher signed by another key than its relay's");
    }
    return v;
  }

  private static Voucher decodePayload(byte[] payload) {
    PeerId relay = null;
    PeerId peer = null;
    long expiration = 0;
    ProtoReader r = new ProtoReader(payload);
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> relay = PeerIds.fromBytes(r.bytes());
        case 2 -> peer = PeerIds.fromBytes(r.bytes());
        case 3 -> expiration = r.uint64();
        default -> r.skip();
      }
    }
    if (relay == null || peer == null) {
      throw new ProtocolViolationException("voucher without relay or peer");
    }
    return new Voucher(relay, peer, expiration);
  }

  /** Length-prefixed domain, payload type and payload: what the envelope signature covers. */
  private static byte[] signedBytes(byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    prefixed(out, RelayProtocol.VOUCHER_DOMAIN.getBytes(StandardCharsets.UTF_8));
    prefixed(out, RelayProtocol.VOUCHER_PAYLOAD_TYPE);
    prefixed(out, payload);
    return out.toByteArray();
  }

  private static void prefixed(ByteArrayOutputStream out, byte[] bytes) {
    byte[] len = new byte[Varint.MAX_BYTES];
    int n = Varint.write(len, 0, bytes.length);
    out.write(len, 0, n);
    out.write(bytes, 0, bytes.length);
  }
}
