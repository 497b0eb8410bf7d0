package dev.mero4j.transport.libp2p.internal.reqresp;

/**
 * The request/response stream protocol: one varint-length-prefixed request, then one
 * varint-length-prefixed response, each side half-closing after its message; an error resets the
 * stream. Used with versioned ids such as {@link #SYNC_ID}.
 */
public final class ReqRespProtocol {
  /** The node sync protocol id. */
  public static final String SYNC_ID = "/mero4j/sync/1";

  /** Largest request or response (Calimero's stream frame limit: 8 MiB). */
  public static final int MAX_MESSAGE = 8 * 1024 * 1024;

  private ReqRespProtocol() {}
}
