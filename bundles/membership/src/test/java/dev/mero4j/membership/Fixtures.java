package dev.mero4j.membership;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.memory.MemoryStorageEngine;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Deterministic randomness, a fixed clock and in-memory storage for the membership tests. */
final class Fixtures {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final ApplicationId APP = ApplicationId.of(Hash.sha256("kv-store".getBytes()));
  static final byte[] NONCE = new byte[16];

  /** The transcript of a join session (the network derives it from peer ids and nonces). */
  static final byte[] SESSION = Hash.sha256("session".getBytes()).toBytes();

  /** The way in of a node listening on loopback. */
  static final JoinHints HINTS =
      new JoinHints(
          "12D3KooWGRUVh7nG6aJqLvkd9M2kV3nrJt4pB5C7cHZ2xJx8wBcM",
          java.util.List.of(
              "/ip4/127.0.0.1/tcp/2428/p2p/12D3KooWGRUVh7nG6aJqLvkd9M2kV3nrJt4pB5C7cHZ2xJx8wBcM"),
          123_456,
          new byte[JoinHints.RENDEZVOUS_BYTES]);

  private Fixtures() {}

  static SecureRandom random(long seed) {
    return new SeededRandom(seed);
  }

  static StorageEngine storage() {
    return new MemoryStorageEngine();
  }

  static MemberIdentity identity(long seed) {
    return MemberIdentity.generate(random(seed));
  }

  /** A SecureRandom whose stream is SHA-256(seed ‖ counter): reproducible, for tests only. */
  static final class SeededRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final long seed;
    private long counter;

    SeededRandom(long seed) {
      this.seed = seed;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
      for (int offset = 0; offset < bytes.length; offset += 32) {
        byte[] block =
            Hash.sha256(ByteBuffer.allocate(16).putLong(seed).putLong(counter++).array()).toBytes();
        System.arraycopy(block, 0, bytes, offset, Math.min(32, bytes.length - offset));
      }
    }
  }
}
