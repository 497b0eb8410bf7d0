package dev.mero4j.runtime.internal.host;

import dev.mero4j.wasm.api.TrapException;

/** The app aborted the call with {@code mero_panic}. */
public final class AppPanicException extends TrapException {
  private static final long serialVersionUID = 1L;

  public AppPanicException(String message) {
    super("app panicked: " + message);
  }
}
