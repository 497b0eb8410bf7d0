package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleNode;
import dev.mero4j.console.api.NetworkSummary;
import dev.mero4j.console.api.NodeDescription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code node} variable: the node's identity, addresses and providers. */
public final class NodeView implements Renderer.Rendered {
  private final ConsoleNode node;

  NodeView(ConsoleNode node) {
    this.node = node;
  }

  public String getIdentity() {
    return node.describe().identity();
  }

  public String getPeerId() {
    return node.describe().peerId();
  }

  public List<String> getAddresses() {
    return node.describe().addresses();
  }

  public Map<String, String> getProviders() {
    return node.describe().activeProviders();
  }

  /** Reachability, listen/observed/relay addresses, DHT table size and connection counts. */
  public NetworkSummary getNetwork() {
    return node.network();
  }

  public String getHome() {
    return node.home().toString();
  }

  /** The underlying {@link ConsoleNode}, for scripts that need the raw services. */
  public ConsoleNode getApi() {
    return node;
  }

  @Override
  public String render() {
    NodeDescription d = node.describe();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("home", getHome());
    out.put("identity", d.identity());
    out.put("peerId", d.peerId());
    out.put("addresses", d.addresses());
    out.put("providers", d.activeProviders());
    return Json.pretty(out);
  }

  @Override
  public String toString() {
    return "node " + getIdentity();
  }
}
