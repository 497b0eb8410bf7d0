package dev.mero4j.transport.libp2p.internal.noise;

import java.nio.charset.StandardCharsets;

/**
 * Ids and constants of libp2p's Noise handshake.
 *
 * @see <a href="https://github.com/libp2p/specs/blob/master/noise/README.md">libp2p noise</a>
 */
public final class NoiseProtocol {
  /** The multistream-select id. */
  public static final String ID = "/noise";

  /** The Noise protocol name, exactly 32 bytes, so it is the initial hash as is. */
  static final byte[] NAME = "Noise_XX_25519_ChaChaPoly_SHA256".getBytes(StandardCharsets.US_ASCII);

  /** Prefix of the message the identity key signs, followed by the static X25519 key. */
  static final byte[] SIGNATURE_PREFIX =
      "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

  /** A Noise message, ciphertext included, never exceeds 65535 bytes (2-byte length prefix). */
  public static final int MAX_MESSAGE = 65535;

  /** The Poly1305 tag appended to every ciphertext. */
  static final int TAG_LENGTH = 16;

  /** Largest plaintext chunk per transport message. */
  public static final int MAX_PLAINTEXT = MAX_MESSAGE - TAG_LENGTH;

  static final int KEY_LENGTH = 32;

  private NoiseProtocol() {}
}
