package dev.mero4j.primitives;

/** The id of a context (one running instance of an application). */
public final class ContextId extends Bytes32 {
  /** The all-zero id. */
  public static final ContextId ZERO = new ContextId(new byte[LENGTH]);

  private ContextId(byte[] bytes) {
    super(bytes);
  }

  public static ContextId of(byte[] bytes) {
    return new ContextId(bytes);
  }

  public static ContextId of(Hash hash) {
    return new ContextId(hash.toBytes());
  }

  public static ContextId fromBase58(String text) {
    return new ContextId(Base58.decode(text));
  }

  public static ContextId fromHex(String text) {
    return new ContextId(Hex.decode(text));
  }
}
