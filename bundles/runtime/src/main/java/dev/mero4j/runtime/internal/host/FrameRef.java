package dev.mero4j.runtime.internal.host;

/** The call an instance is currently serving; host functions read it on every invocation. */
public final class FrameRef {
  private CallFrame current;

  public CallFrame get() {
    CallFrame frame = current;
    if (frame == null) {
      throw new AbiViolationException("host function called outside of a method call");
    }
    return frame;
  }

  public void set(CallFrame frame) {
    current = frame;
  }
}
