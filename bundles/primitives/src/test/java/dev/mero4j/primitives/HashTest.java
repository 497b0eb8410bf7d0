package dev.mero4j.primitives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HashTest {
  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void sha256OfAbcIsTheFips180Vector() {
    assertThat(Hash.sha256(ascii("a"), ascii("bc")).toHex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void hmacSha256MatchesRfc4231TestCase2() {
    assertThat(
            Hash.hmacSha256(ascii("Jefe"), ascii("what do ya want "), ascii("for nothing?"))
                .toHex())
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void hmacSha256HashesKeysLongerThanABlockFirstAsRfc4231TestCase6Says() {
    byte[] key = new byte[131];
    Arrays.fill(key, (byte) 0xaa);
    assertThat(
            Hash.hmacSha256(key, ascii("Test Using Larger Than Block-Size Key - Hash Key First"))
                .toHex())
        .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  }

  @Test
  void hmacSha256DependsOnTheKey() {
    assertThat(Hash.hmacSha256(ascii("Jeff"), ascii("what do ya want for nothing?")))
        .isNotEqualTo(Hash.hmacSha256(ascii("Jefe"), ascii("what do ya want for nothing?")));
  }

  @Test
  void aHashLeftUnfinishedByAFailureDoesNotLeakIntoTheNext() {
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assertThatThrownBy(() -> Hash.sha256(ascii("junk"), null))
        .isInstanceOf(NullPointerException.class);
    assertThat(Hash.sha256(ascii("abc")).toHex()).isEqualTo(abc);
    assertThatThrownBy(() -> Hash.hmacSha256(ascii("k"), ascii("junk"), null))
        .isInstanceOf(NullPointerException.class);
    assertThat(Hash.sha256(ascii("abc")).toHex()).isEqualTo(abc);
  }

  @Test
  void threadsHashingAtOnceEachGetTheirOwnResult() throws Exception {
    int threads = 4;
    int rounds = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        results.add(
            pool.submit(
                () -> {
                  MessageDigest fresh = Hash.newDigest();
                  int wrong = 0;
                  for (int i = 0; i < rounds; i++) {
                    byte[] part = ascii(seed + ":" + i);
                    if (!Arrays.equals(Hash.sha256(part, part).toBytes(), twice(fresh, part))) {
                      wrong++;
                    }
                  }
                  return wrong;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] twice(MessageDigest digest, byte[] part) {
    digest.update(part);
    digest.update(part);
    return digest.digest();
  }
}
