package dev.mero4j.transport.libp2p.internal.kad;

/**
 * Wire limits of the Kademlia DHT ({@code /ipfs/kad/1.0.0} and Mero4j's private id): every message
 * is one uvarint-length-prefixed protobuf {@code Message}; these caps bound what a peer can make
 * this node parse, store or send.
 *
 * @see <a href="https://github.com/libp2p/specs/blob/master/kad-dht/README.md">kad-dht</a>
 */
public final class KadProtocol {
  /** Replication factor and bucket size. */
  public static final int K = 20;

  /**
   * Largest message. The spec sets none and go-libp2p accepts 4 MiB; 64 KiB holds a full FIND_NODE
   * answer of 20 public peers with {@link #MAX_ADDRS_PER_PEER} long addresses each, and a signed
   * record of {@link #MAX_VALUE} bytes, while keeping a malicious peer's cost per stream small.
   */
  public static final int MAX_MESSAGE = 64 * 1024;

  /** Peers in one closerPeers or providerPeers field; more is a protocol violation. */
  public static final int MAX_PEERS_PER_FIELD = 40;

  /** Peers this node puts into one answer's field. */
  public static final int MAX_PEERS_PER_ANSWER = K;

  /** Addresses kept per peer; further ones are dropped on decode. */
  public static final int MAX_ADDRS_PER_PEER = 16;

  /** Bytes of one binary multiaddr (go-libp2p's own cap is similar). */
  public static final int MAX_ADDR_LENGTH = 256;

  /** Bytes of a peer id multihash (identity Ed25519 ids are 38, sha256 ids 34). */
  public static final int MAX_PEER_ID_LENGTH = 64;

  /** Bytes of a key (CIDs, multihashes and {@code /mero4j/} record keys fit easily). */
  public static final int MAX_KEY = 256;

  /** Bytes of a record value. */
  public static final int MAX_VALUE = 16 * 1024;

  /** Requests one inbound stream may carry before it is closed. */
  public static final int MAX_REQUESTS_PER_STREAM = 32;

  /** Providers kept for one key; the one expiring first makes room. */
  public static final int MAX_PROVIDERS_PER_KEY = 64;

  /** Provider records kept in total. */
  public static final int MAX_PROVIDER_RECORDS = 20_000;

  /** Signed records kept in total. */
  public static final int MAX_RECORDS = 4_096;

  /** Inbound requests per second one peer may send (burst {@link #RATE_BURST}). */
  public static final double RATE_PER_SECOND = 20;

  /** Requests a peer may send at once before the rate applies. */
  public static final double RATE_BURST = 40;

  /** Peers whose request rate is tracked; the least recently active one is forgotten. */
  public static final int RATE_TRACKED_PEERS = 4_096;

  /** An inbound stream without a complete request for this long is reset (milliseconds). */
  public static final long READ_DEADLINE_MILLIS = 10_000;

  private KadProtocol() {}
}
