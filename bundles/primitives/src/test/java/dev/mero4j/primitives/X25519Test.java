package dev.mero4j.primitives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class X25519Test {
  /** RFC 7748 section 5.2: scalar, input u-coordinate, output u-coordinate. */
  @ParameterizedTest
  @CsvSource({
    "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4,"
        + " e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c,"
        + " c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
    "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d,"
        + " e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493,"
        + " 95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
  })
  void matchesTheRfc7748ScalarMultiplicationVectors(String scalar, String u, String out) {
    assertThat(Hex.encode(X25519.agree(Hex.decode(scalar), Hex.decode(u)))).isEqualTo(out);
  }

  /** RFC 7748 section 5.2, the iterated vector: k = u = 9, then k, u = X25519(k, u), k. */
  @Test
  void matchesTheRfc7748IteratedVectorAfterOneAndAThousandRounds() {
    byte[] k = new byte[32];
    k[0] = 9;
    byte[] u = k.clone();
    for (int i = 1; i <= 1000; i++) {
      byte[] next = X25519.agree(k, u);
      u = k;
      k = next;
      if (i == 1) {
        assertThat(Hex.encode(k))
            .isEqualTo("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
      }
    }
    assertThat(Hex.encode(k))
        .isEqualTo("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
  }

  /** RFC 7748 section 6.1: Alice and Bob derive the same secret from each other's public key. */
  @Test
  void matchesTheRfc7748DiffieHellmanVector() {
    byte[] alice = Hex.decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    byte[] bob = Hex.decode("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    assertThat(Hex.encode(X25519.publicKey(alice)))
        .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    assertThat(Hex.encode(X25519.publicKey(bob)))
        .isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    assertThat(Hex.encode(X25519.agree(alice, X25519.publicKey(bob)))).isEqualTo(shared);
    assertThat(Hex.encode(X25519.agree(bob, X25519.publicKey(alice)))).isEqualTo(shared);
  }

  @Test
  void aPeerKeyOfSmallOrderIsRefused() {
    byte[] mine = X25519.generatePrivate(new SecureRandom());
    assertThatThrownBy(() -> X25519.agree(mine, new byte[32])).isInstanceOf(WeakKeyException.class);
    byte[] one = new byte[32];
    one[0] = 1;
    assertThatThrownBy(() -> X25519.agree(mine, one)).isInstanceOf(WeakKeyException.class);
  }

  @Test
  void keysOfAnotherLengthAreRefused() {
    assertThatThrownBy(() -> X25519.publicKey(new byte[31]))
        .isInstanceOf(MalformedEncodingException.class);
    assertThatThrownBy(() -> X25519.agree(new byte[32], new byte[33]))
        .isInstanceOf(MalformedEncodingException.class);
  }
}
