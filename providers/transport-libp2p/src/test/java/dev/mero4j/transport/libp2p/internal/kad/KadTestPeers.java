package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Deterministic identities and contacts for DHT tests. */
final class KadTestPeers {
  private KadTestPeers() {}

  static KeyPair key(String name) {
    return KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
  }

  static KadContact contact(String name) {
    return KadContact.of(PeerIds.toBytes(key(name).publicKey()), List.of());
  }
}
