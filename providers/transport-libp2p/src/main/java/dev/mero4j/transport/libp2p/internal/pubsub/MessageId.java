package dev.mero4j.transport.libp2p.internal.pubsub;

import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.WireMessage;
import java.util.Arrays;

/**
 * A gossipsub message id: the author's protobuf public key followed by the 8-byte seqno (the
 * js-libp2p and go-libp2p default for signed messages).
 */
record MessageId(byte[] bytes) {
  static MessageId of(WireMessage m) {
    byte[] from = m.from();
    int skip = from.length >= 2 && from[0] == 0 ? 2 : 0;
    byte[] out = new byte[from.length - skip + m.seqno().length];
    System.arraycopy(from, skip, out, 0, from.length - skip);
    System.arraycopy(m.seqno(), 0, out, from.length - skip, m.seqno().length);
    return new MessageId(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "MessageId" + Arrays.toString(bytes);
  }
}
