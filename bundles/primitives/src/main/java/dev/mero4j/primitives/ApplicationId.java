package dev.mero4j.primitives;

/** The id of an installed application (the hash of its bundle). */
public final class ApplicationId extends Bytes32 {
  /** The all-zero id. */
  public static final ApplicationId ZERO = new ApplicationId(new byte[LENGTH]);

  private ApplicationId(byte[] bytes) {
    super(bytes);
  }

  public static ApplicationId of(byte[] bytes) {
    return new ApplicationId(bytes);
  }

  public static ApplicationId of(Hash hash) {
    return new ApplicationId(hash.toBytes());
  }

  public static ApplicationId fromBase58(String text) {
    return new ApplicationId(Base58.decode(text));
  }

  public static ApplicationId fromHex(String text) {
    return new ApplicationId(Hex.decode(text));
  }
}
