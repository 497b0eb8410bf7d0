package dev.mero4j.transport.libp2p.internal.noise;

import dev.mero4j.primitives.KeyPair;
import java.security.SecureRandom;

/** Opens the test-only forged-signature handshake to tests in other packages. */
public final class EvilNoise {
  private EvilNoise() {}

  public static NoiseHandshake forgedInitiator(KeyPair claimed, KeyPair signer) {
    return NoiseHandshake.withForgedSignature(true, claimed, signer, new SecureRandom());
  }
}
