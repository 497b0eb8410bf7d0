package dev.mero4j.primitives;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
}
