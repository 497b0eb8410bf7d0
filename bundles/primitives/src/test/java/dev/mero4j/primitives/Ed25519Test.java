package dev.mero4j.primitives;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  /** RFC 8032 section 7.1, TEST 1 (empty message). */
  private static final String SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  private static final String PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  private static final String SIGNATURE =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
          + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

  @Test
  void matchesTheRfc8032Vector() {
    KeyPair keys = KeyPair.fromSeed(Hex.decode(SEED));
    assertThat(keys.publicKey().toHex()).isEqualTo(PUBLIC);
    Signature signature = keys.sign(new byte[0]);
    assertThat(Hex.encode(signature.toBytes())).isEqualTo(SIGNATURE);
    assertThat(PublicKey.fromHex(PUBLIC).verify(new byte[0], signature)).isTrue();
  }

  @Test
  void tamperedMessageOrSignatureDoesNotVerify() {
    KeyPair keys = Ed25519.generate(new SecureRandom());
    byte[] message = "delta".getBytes();
    byte[] sig = keys.sign(message).toBytes();
    assertThat(keys.publicKey().verify("delt4".getBytes(), Signature.of(sig))).isFalse();
    sig[10] ^= 1;
    assertThat(keys.publicKey().verify(message, Signature.of(sig))).isFalse();
  }

  @Test
  void garbageKeyVerifiesFalseInsteadOfThrowing() {
    byte[] bad = new byte[32];
    java.util.Arrays.fill(bad, (byte) 0xff);
    assertThat(PublicKey.of(bad).verify(new byte[] {1}, Signature.of(new byte[64]))).isFalse();
  }
}
