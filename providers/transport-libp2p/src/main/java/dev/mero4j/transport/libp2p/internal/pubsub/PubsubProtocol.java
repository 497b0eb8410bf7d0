package dev.mero4j.transport.libp2p.internal.pubsub;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Ids and limits of gossipsub.
 *
 * @see <a
 *     href="https://github.com/libp2p/specs/blob/master/pubsub/gossipsub/gossipsub-v1.1.md">gossipsub
 *     v1.1</a>
 */
public final class PubsubProtocol {
  public static final String MESHSUB_V11 = "/meshsub/1.1.0";
  public static final String MESHSUB_V10 = "/meshsub/1.0.0";

  /** Proposed in this order when opening a stream. */
  public static final List<String> IDS = List.of(MESHSUB_V11, MESHSUB_V10);

  /** Prefix of the bytes a message signature covers. */
  static final byte[] SIGN_PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);

  /** Largest application payload (Calimero's gossipsub max transmit size: 1 MiB). */
  public static final int MAX_PAYLOAD = 1024 * 1024;

  /** Largest RPC frame: one full message plus room for control data. */
  static final int MAX_RPC = MAX_PAYLOAD + 64 * 1024;

  /** Topics a single peer may announce; more is a flood. */
  static final int MAX_TOPICS_PER_PEER = 1024;

  /** Message ids requested per IWANT and advertised per IHAVE. */
  static final int MAX_IHAVE_LENGTH = 5000;

  /** Sequence numbers are exactly 8 bytes (js-libp2p rejects others). */
  static final int SEQNO_LENGTH = 8;

  private PubsubProtocol() {}
}
