package dev.mero4j.wasm.chicory.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import dev.mero4j.wasm.api.CallDepthExceededException;
import dev.mero4j.wasm.api.CallLimits;
import dev.mero4j.wasm.api.TrapException;
import dev.mero4j.wasm.api.WallClockTimeoutException;
import dev.mero4j.wasm.api.WasmException;

/** Maps what escapes Chicory during a call to the SPI's typed errors, in one place. */
final class ChicoryErrors {
  private ChicoryErrors() {}

  static WasmException translate(
      Throwable e, WasmException pending, boolean fired, CallLimits limits) {
    if (pending != null) {
      return pending;
    }
    if (fired) {
      return new WallClockTimeoutException(
          "call exceeded the wall clock of " + limits.wallClock(),
          limits.wallClock().toMillis(),
          e);
    }
    if (causedBy(e, StackOverflowError.class)) {
      return new CallDepthExceededException(
          "JVM stack exhausted before the call depth of " + limits.maxCallDepth() + " was reached",
          limits.maxCallDepth(),
          e);
    }
    if (causedBy(e, ChicoryInterruptedException.class)) {
      Thread.currentThread().interrupt();
      return new WasmException("call interrupted", e);
    }
    if (e instanceof WasmException w) {
      return w;
    }
    return new TrapException("trap: " + e.getMessage(), e);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
