package dev.mero4j.bench.runtime;

import dev.mero4j.membership.ContextKeys;
import dev.mero4j.membership.KeyId;
import dev.mero4j.membership.PayloadKind;
import dev.mero4j.primitives.ContextId;
import java.security.SecureRandom;

/**
 * Cost of the context-key AEAD on the write and receive paths: sealing and opening envelopes of
 * typical sizes (AES-256-GCM, one cipher per thread, random nonces). Usage: {@code SealHarness
 * [iterations]}; prints µs per seal and per open after two warm-up rounds.
 */
public final class SealHarness {
  private SealHarness() {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    SecureRandom random = new SecureRandom();
    ContextKeys keys = new ContextKeys(ContextId.of(new byte[32]), random);
    KeyId key = keys.generate();
    for (int size : new int[] {256, 1024, 16 * 1024}) {
      byte[] payload = new byte[size];
      random.nextBytes(payload);
      int n = Math.max(1000, iterations * 256 / size);
      double[] result = null;
      for (int round = 0; round < 3; round++) {
        result = round(keys, key, payload, n);
      }
      System.out.printf(
          "envelope of %,d B: seal %.2f µs, open %.2f µs (%,d each)%n",
          size, result[0], result[1], n);
    }
  }

  private static double[] round(ContextKeys keys, KeyId key, byte[] payload, int n) {
    byte[] sealed = null;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sealed = keys.seal(key, PayloadKind.DELTA_ENVELOPE, payload);
    }
    long sealedAt = System.nanoTime();
    int check = 0;
    for (int i = 0; i < n; i++) {
      check += keys.open(PayloadKind.DELTA_ENVELOPE, sealed).length;
    }
    long openedAt = System.nanoTime();
    if (check != payload.length * n) {
      throw new IllegalStateException("opened payloads differ");
    }
    return new double[] {(sealedAt - start) / 1e3 / n, (openedAt - sealedAt) / 1e3 / n};
  }
}
