package dev.mero4j.membership;

import dev.mero4j.primitives.Base58;
import dev.mero4j.primitives.Bytes32;
import dev.mero4j.primitives.Hex;

/**
 * The public name of one context key: SHA-256("mero4j/context-key/1" ‖ context ‖ key), a commitment
 * that lets anyone check a delivered key.
 */
public final class KeyId extends Bytes32 {
  private KeyId(byte[] bytes) {
    super(bytes);
  }

  public static KeyId of(byte[] bytes) {
    return new KeyId(bytes);
  }

  public static KeyId fromHex(String text) {
    return new KeyId(Hex.decode(text));
  }

  public static KeyId fromBase58(String text) {
    return new KeyId(Base58.decode(text));
  }
}
