package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleNode;
import dev.mero4j.console.api.PeerSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code peers} variable: the peers connected now, {@code connect} and {@code disconnect}. */
public final class PeersView implements Tabular {
  private final ConsoleNode node;

  PeersView(ConsoleNode node) {
    this.node = node;
  }

  public List<String> list() {
    return node.connectedPeers();
  }

  public int size() {
    return list().size();
  }

  /** Connects to a multiaddr (normally ending in /p2p/&lt;peer id&gt;); the peer id reached. */
  public String connect(String address) {
    return node.connect(address);
  }

  /** Closes every connection to a peer. */
  public String disconnect(String peerId) {
    node.disconnect(peerId);
    return "disconnected " + peerId;
  }

  @Override
  public List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (PeerSummary p : node.peers()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("peer", p.peerId());
      row.put("direction", p.direction());
      row.put("relayed", p.relayed());
      row.put("agent", p.agent().orElse(""));
      row.put("address", String.join(" ", p.addresses()));
      rows.add(row);
    }
    return rows;
  }

  @Override
  public String toString() {
    return "peers" + list();
  }
}
