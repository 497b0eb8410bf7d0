package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The {@code peers} variable: the peers connected now. */
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

  @Override
  public List<Map<String, Object>> rows() {
    return list().stream().map(p -> Map.<String, Object>of("peer", p)).collect(Collectors.toList());
  }

  @Override
  public String toString() {
    return "peers" + list();
  }
}
