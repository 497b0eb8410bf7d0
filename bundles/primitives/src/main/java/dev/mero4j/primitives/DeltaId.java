package dev.mero4j.primitives;

/** The content hash that identifies a delta in a context's causal DAG. */
public final class DeltaId extends Bytes32 {
  /** The all-zero id. */
  public static final DeltaId ZERO = new DeltaId(new byte[LENGTH]);

  private DeltaId(byte[] bytes) {
    super(bytes);
  }

  public static DeltaId of(byte[] bytes) {
    return new DeltaId(bytes);
  }

  public static DeltaId of(Hash hash) {
    return new DeltaId(hash.toBytes());
  }

  public static DeltaId fromBase58(String text) {
    return new DeltaId(Base58.decode(text));
  }

  public static DeltaId fromHex(String text) {
    return new DeltaId(Hex.decode(text));
  }
}
