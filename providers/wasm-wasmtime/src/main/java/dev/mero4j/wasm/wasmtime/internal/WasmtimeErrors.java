package dev.mero4j.wasm.wasmtime.internal;

import dev.mero4j.wasm.api.CallDepthExceededException;
import dev.mero4j.wasm.api.CallLimits;
import dev.mero4j.wasm.api.TrapException;
import dev.mero4j.wasm.api.WallClockTimeoutException;
import dev.mero4j.wasm.api.WasmException;
import io.github.kawamuray.wasmtime.Trap;

/** Maps what escapes Wasmtime during a call to the SPI's typed errors, in one place. */
final class WasmtimeErrors {
  private WasmtimeErrors() {}

  static WasmException translate(
      RuntimeException e, WasmException pending, boolean timedOut, CallLimits limits) {
    if (pending != null) {
      return pending;
    }
    if (timedOut) {
      return new WallClockTimeoutException(
          "call exceeded the wall clock of " + limits.wallClock(),
          limits.wallClock().toMillis(),
          e);
    }
    if (e instanceof WasmException w) {
      return w;
    }
    String message = String.valueOf(e.getMessage());
    // wasmtime-java reports a trap only as "wasm trap: <Trap enum name>" text; the native stack is
    // the one trap with a typed subtype (the call-depth counter normally fires first).
    if (message.contains(Trap.STACK_OVERFLOW.name()) || message.contains("call stack exhausted")) {
      return new CallDepthExceededException(
          "native stack exhausted before the call depth of "
              + limits.maxCallDepth()
              + " was reached",
          limits.maxCallDepth(),
          e);
    }
    if (message.contains(Trap.INTERRUPT.name())) {
      return new WallClockTimeoutException(
          "call exceeded the wall clock of " + limits.wallClock(),
          limits.wallClock().toMillis(),
          e);
    }
    return new TrapException("trap: " + message, e);
  }
}
