package dev.mero4j.runtime.internal.host;

import dev.mero4j.wasm.api.ResourceLimitException;

/** A host-side cap of the ABI (logs, events, sizes, registers) was exceeded. */
public final class HostLimitException extends ResourceLimitException {
  private static final long serialVersionUID = 1L;

  public HostLimitException(String message, long limit) {
    super(message, limit);
  }
}
