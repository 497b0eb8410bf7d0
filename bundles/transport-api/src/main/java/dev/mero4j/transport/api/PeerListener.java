package dev.mero4j.transport.api;

/** Told when peers connect and disconnect. */
public interface PeerListener {
  void connected(PeerId peer);

  void disconnected(PeerId peer);
}
