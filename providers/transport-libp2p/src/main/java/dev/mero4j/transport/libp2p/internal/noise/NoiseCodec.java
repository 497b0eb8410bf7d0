package dev.mero4j.transport.libp2p.internal.noise;

import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.util.ProtoReader;
import dev.mero4j.transport.libp2p.internal.util.ProtoWriter;

/**
 * Protobuf codec of {@code NoiseHandshakePayload} (identity_key = 1, identity_sig = 2, extensions =
 * 4, ignored).
 *
 * @see <a
 *     href="https://github.com/libp2p/specs/blob/master/noise/README.md#the-libp2p-handshake-payload">payload</a>
 */
public final class NoiseCodec {
  private NoiseCodec() {}

  public static byte[] encode(NoiseFrame frame) {
    return new ProtoWriter()
        .bytes(1, frame.identityKey())
        .bytes(2, frame.identitySig())
        .toByteArray();
  }

  public static NoiseFrame decode(byte[] bytes) {
    ProtoReader r = new ProtoReader(bytes);
    byte[] key = null;
    byte[] sig = null;
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> key = r.bytes();
        case 2 -> sig = r.bytes();
        default -> r.skip();
      }
    }
    if (key == null || sig == null) {
      throw new ProtocolViolationException("noise payload without identity key or signature");
    }
    return new NoiseFrame(key, sig);
  }
}
