package dev.mero4j.primitives;

/** The content address of a governance op: SHA-256 over its canonical signed body. */
public final class GovernanceOpId extends Bytes32 {
  private GovernanceOpId(byte[] bytes) {
    super(bytes);
  }

  public static GovernanceOpId of(byte[] bytes) {
    return new GovernanceOpId(bytes);
  }

  public static GovernanceOpId fromHex(String text) {
    return new GovernanceOpId(Hex.decode(text));
  }

  public static GovernanceOpId fromBase58(String text) {
    return new GovernanceOpId(Base58.decode(text));
  }
}
