package dev.mero4j.primitives;

/** A peer's public key that would make a key agreement predictable (a point of small order). */
public class WeakKeyException extends PrimitiveException {
  private static final long serialVersionUID = 1L;

  public WeakKeyException(String message) {
    super(message);
  }
}
