package dev.mero4j.runtime.internal.host;

import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The seeds of one member's calls in one context, from which {@code mero_random_bytes} draws.
 *
 * <p>A seed is SHA-256 over a secret only this member can derive (its signing seed and the
 * context), the executor's public key, the call's position (DAG heads, call time, and this
 * replica's call sequence), the method and its arguments. Two members, or two calls of one member,
 * never share a seed; the same member replaying the same calls from the same state at the same
 * clock readings gets the same seeds, and no other member can predict them.
 */
public final class CallSeeds {
  private static final byte[] SECRET_TAG =
      "mero4j/random-secret/v1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SEED_TAG = "mero4j/random-seed/v1".getBytes(StandardCharsets.UTF_8);

  private final byte[] secret;
  private final AtomicLong sequence = new AtomicLong();

  public CallSeeds(ContextId context, KeyPair member) {
    this.secret = Hash.sha256(SECRET_TAG, member.seed(), context.toBytes()).toBytes();
  }

  /** The seed of the next call; each call takes a new sequence number, reads included. */
  public byte[] next(
      PublicKey executor, List<DeltaId> heads, long timeNanos, String method, byte[] args) {
    return later(executor, heads, timeNanos, method, args).get();
  }

  /**
   * The seed of the next call, hashed only if the call asks for randomness (most never do); the
   * sequence number is taken now. {@code heads} and {@code args} must not change until then.
   */
  public Supplier<byte[]> later(
      PublicKey executor, List<DeltaId> heads, long timeNanos, String method, byte[] args) {
    long position = sequence.getAndIncrement();
    return new Supplier<>() {
      private byte[] seed;

      @Override
      public byte[] get() {
        if (seed == null) {
          seed = seed(executor, heads, timeNanos, position, method, args);
        }
        return seed;
      }
    };
  }

  private byte[] seed(
      PublicKey executor,
      List<DeltaId> heads,
      long timeNanos,
      long position,
      String method,
      byte[] args) {
    BinaryWriter writer = new BinaryWriter().raw(SEED_TAG).raw(secret).id(executor);
    writer.varint(heads.size());
    heads.forEach(writer::id);
    writer.fixed64(timeNanos).varint(position).string(method).bytes(args);
    return Hash.sha256(writer.toByteArray()).toBytes();
  }
}
