package dev.mero4j.transport.libp2p.internal.kad;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** PUT_VALUE and GET_VALUE of {@link SignedRecords} over a {@link KadDht}. */
public final class KadValues {
  private static final System.Logger LOG = System.getLogger(KadValues.class.getName());

  /** Answers counted before a value lookup settles on the best record. */
  private static final int VALUE_QUORUM = 4;

  private final KadDht dht;

  public KadValues(KadDht dht) {
    this.dht = dht;
  }

  /** Signs {@code data} as record {@code name} of this node and stores it at the closest peers. */
  public CompletableFuture<Integer> putValue(String name, long seq, byte[] data) {
    byte[] key = SignedRecords.key(dht.id(), name);
    byte[] value = SignedRecords.sign(dht.identity, key, seq, data);
    dht.records().put(key, value);
    KadMessage put =
        new KadMessage(
            KadMessage.Type.PUT_VALUE,
            key,
            new KadMessage.KadRecord(key, value, null),
            List.of(),
            List.of());
    return dht.closest(key)
        .thenCompose(
            r -> {
              List<CompletableFuture<Boolean>> sends =
                  r.closest().stream()
                      .map(c -> dht.network.send(c, put).handle((a, e) -> e == null && a != null))
                      .toList();
              return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                  .thenApply(v -> (int) sends.stream().filter(CompletableFuture::join).count());
            });
  }

  /** The best valid record under {@code key} found here or at up to the quorum of peers. */
  public CompletableFuture<Optional<byte[]>> getValue(byte[] key) {
    byte[][] best = {dht.records().get(key)};
    int[] answers = {best[0] == null ? 0 : 1};
    return dht.lookup(
            KadKey.of(key),
            KadMessage.Type.GET_VALUE,
            key,
            (from, answer) -> {
              KadMessage.KadRecord r = answer.record();
              synchronized (best) {
                if (r != null && r.value() != null && java.util.Arrays.equals(r.key(), key)) {
                  better(key, best, r.value(), from);
                  answers[0]++;
                }
                return answers[0] >= VALUE_QUORUM;
              }
            })
        .thenApply(
            r -> {
              synchronized (best) {
                return Optional.ofNullable(best[0]);
              }
            });
  }

  private void better(byte[] key, byte[][] best, byte[] candidate, KadContact from) {
    SignedRecords.Value v;
    try {
      v = SignedRecords.validate(key, candidate);
    } catch (KadException e) {
      LOG.log(Level.DEBUG, "{0} returned an invalid record: {1}", from.id(), e.getMessage());
      dht.network.penalize(from.id(), "invalid DHT record: " + e.getMessage());
      return;
    }
    if (best[0] == null
        || SignedRecords.compare(candidate, v, best[0], SignedRecords.validate(key, best[0])) > 0) {
      best[0] = candidate;
    }
  }
}
