package dev.mero4j.membership;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What an invitation text carries besides the invitation: the way in (the inviter node's peer id
 * and dialable multiaddrs), the size of the context's application and the context's rendezvous
 * secret. None of it is signed: a lying address or size only costs a failed dial or download
 * (docs/wire-format.md, "Invitation text").
 *
 * @param peer the inviter node's libp2p peer id, empty when the node had no transport
 * @param addresses multiaddrs of the inviter node, direct ones first, relayed ones last
 * @param applicationSize the size in bytes of the context's application module
 * @param rendezvousSecret the context's 32-byte rendezvous secret, known to its members
 */
public record JoinHints(
    String peer, List<String> addresses, long applicationSize, byte[] rendezvousSecret) {
  /** Bytes of a rendezvous secret. */
  public static final int RENDEZVOUS_BYTES = 32;

  /** Most addresses an invitation text carries; the issuer keeps the first ones. */
  public static final int MAX_ADDRESSES = 16;

  /** Longest multiaddr accepted, in UTF-8 bytes (a relayed address is about 150). */
  public static final int MAX_ADDRESS_BYTES = 512;

  /** Longest peer id accepted, in UTF-8 bytes (an Ed25519 peer id has 52 characters). */
  public static final int MAX_PEER_BYTES = 128;

  public JoinHints {
    Objects.requireNonNull(peer, "peer");
    addresses = List.copyOf(addresses);
    rendezvousSecret = rendezvousSecret.clone();
    if (rendezvousSecret.length != RENDEZVOUS_BYTES) {
      throw new IllegalArgumentException(
          "a rendezvous secret has " + RENDEZVOUS_BYTES + " bytes, not " + rendezvousSecret.length);
    }
    if (applicationSize < 0) {
      throw new IllegalArgumentException("negative application size " + applicationSize);
    }
    if (addresses.size() > MAX_ADDRESSES) {
      throw new IllegalArgumentException(
          addresses.size() + " addresses exceed the limit of " + MAX_ADDRESSES);
    }
  }

  /** The first {@link #MAX_ADDRESSES} of {@code addresses}, dropping any that are too long. */
  public static List<String> bounded(List<String> addresses) {
    return addresses.stream()
        .filter(a -> utf8Length(a) <= MAX_ADDRESS_BYTES)
        .distinct()
        .limit(MAX_ADDRESSES)
        .toList();
  }

  static int utf8Length(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  @Override
  public byte[] rendezvousSecret() {
    return rendezvousSecret.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JoinHints h
        && peer.equals(h.peer)
        && addresses.equals(h.addresses)
        && applicationSize == h.applicationSize
        && Arrays.equals(rendezvousSecret, h.rendezvousSecret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(peer, addresses, applicationSize);
  }

  @Override
  public String toString() {
    return "JoinHints[" + peer + " at " + addresses + ", app " + applicationSize + " B]";
  }
}
