package dev.mero4j.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.GovernanceChannel;
import dev.mero4j.runtime.api.KeyDelivery;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.ReplicaLog;
import dev.mero4j.runtime.api.ReplicaTransfer;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.transport.api.PeerId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The session tag a join hello names its context by, and what matching one costs a responder. */
class JoinTagsTest {
  private static final PeerId JOINER = new PeerId("12D3KooWJoiner");
  private static final PeerId RESPONDER = new PeerId("12D3KooWResponder");
  private static final int HELD = 10_000;

  @Test
  void aTagIsFreshPerNonceAndBoundToBothPeersAndTheSecret() {
    byte[] secret = bytes(1, 32);
    byte[] nonce = bytes(2, 32);
    byte[] tag = JoinTags.tag(secret, JOINER, RESPONDER, nonce);
    assertThat(tag).hasSize(JoinTags.TAG_BYTES);
    assertThat(JoinTags.tag(secret, JOINER, RESPONDER, nonce)).isEqualTo(tag);
    assertThat(JoinTags.tag(secret, JOINER, RESPONDER, bytes(3, 32))).isNotEqualTo(tag);
    assertThat(JoinTags.tag(secret, RESPONDER, JOINER, nonce)).isNotEqualTo(tag);
    assertThat(JoinTags.tag(secret, JOINER, new PeerId("12D3KooWRelay"), nonce)).isNotEqualTo(tag);
    assertThat(JoinTags.tag(bytes(4, 32), JOINER, RESPONDER, nonce)).isNotEqualTo(tag);
  }

  /**
   * The responder's work is one secret lookup and one HMAC per held context, the same for a match
   * and for a tag that matches nothing; prints the cost per hello.
   */
  @Test
  void matchingAHelloCostsOneHmacPerHeldContextWhateverTheTag() {
    Directory node = new Directory(HELD);
    ContextId wanted = node.ids().get(HELD / 2);
    byte[] nonce = bytes(5, 32);
    byte[] tag = JoinTags.tag(node.secrets.get(wanted), JOINER, RESPONDER, nonce);

    long started = System.nanoTime();
    assertThat(JoinTags.resolve(node, JOINER, RESPONDER, nonce, tag)).contains(wanted);
    long elapsed = System.nanoTime() - started;
    assertThat(node.lookups.getAndSet(0)).isEqualTo(HELD);

    assertThat(JoinTags.resolve(node, JOINER, RESPONDER, nonce, bytes(6, 32))).isEmpty();
    assertThat(node.lookups.getAndSet(0)).as("a tag that matches nothing").isEqualTo(HELD);
    assertThat(JoinTags.resolve(node, JOINER, new PeerId("12D3KooWRelay"), nonce, tag))
        .as("a hello forwarded to another responder")
        .isEqualTo(Optional.empty());
    assertThat(JoinTags.resolve(node, JOINER, RESPONDER, nonce, wanted.toBytes()))
        .as("the bare context id")
        .isEmpty();
    System.out.printf(
        "JoinTags.resolve over %,d held contexts: %.1f ms (%.2f µs per context)%n",
        HELD, elapsed / 1e6, elapsed / 1e3 / HELD);
  }

  private static byte[] bytes(int seed, int length) {
    byte[] out = new byte[length];
    new Random(seed).nextBytes(out);
    return out;
  }

  /** A node holding {@code n} contexts with random secrets, counting secret lookups. */
  private static final class Directory implements ReplicaDirectory {
    final Map<ContextId, byte[]> secrets = new LinkedHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();

    Directory(int n) {
      Random random = new Random(7);
      for (int i = 0; i < n; i++) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        secrets.put(ContextId.of(Hash.sha256(secret)), secret);
      }
    }

    List<ContextId> ids() {
      return List.copyOf(secrets.keySet());
    }

    @Override
    public Set<ContextId> contextIds() {
      return secrets.keySet();
    }

    @Override
    public byte[] rendezvousSecret(ContextId context) {
      lookups.incrementAndGet();
      byte[] secret = secrets.get(context);
      if (secret == null) {
        throw new UnknownContextException("no context " + context);
      }
      return secret.clone();
    }

    @Override
    public ReplicaLog log(ContextId context) {
      throw new UnsupportedOperationException("not used by join tags");
    }

    @Override
    public ReplicaTransfer transfer(ContextId context) {
      throw new UnsupportedOperationException("not used by join tags");
    }

    @Override
    public GovernanceChannel governance(ContextId context) {
      throw new UnsupportedOperationException("not used by join tags");
    }

    @Override
    public KeyDelivery keys(ContextId context) {
      throw new UnsupportedOperationException("not used by join tags");
    }
  }
}
