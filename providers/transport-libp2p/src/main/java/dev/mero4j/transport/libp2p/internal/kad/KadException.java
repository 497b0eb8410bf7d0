package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.transport.api.ProtocolViolationException;

/** A DHT message or record that breaks the protocol or its limits; its sender is penalised. */
public final class KadException extends ProtocolViolationException {
  private static final long serialVersionUID = 1L;

  public KadException(String message) {
    super(message);
  }
}
