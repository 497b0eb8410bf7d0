package dev.mero4j.transport.libp2p.internal.conn;

/** Told when the first connection to a peer opens and when its last one closes. */
public interface HostListener {
  void peerConnected(Connection connection);

  void peerDisconnected(Connection lastConnection);
}
