package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleException;
import dev.mero4j.console.api.ConsoleNode;
import dev.mero4j.console.api.NodeDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code providers} (alias {@code provider}) variable: active and deployed providers, and swap.
 */
public final class ProviderView implements Tabular {
  private static final System.Logger LOG = System.getLogger(ProviderView.class.getName());

  private final ConsoleNode node;

  ProviderView(ConsoleNode node) {
    this.node = node;
  }

  /** Replaces the provider of {@code capability} by {@code name}; returns what the node did. */
  public String swap(String capability, String name) {
    LOG.log(System.Logger.Level.INFO, "console: swapping " + capability + " provider to " + name);
    return node.swapProvider(capability, name);
  }

  /**
   * Replaces the transport by {@code name} listening on {@code listen}: {@code
   * provider.swap('transport', 'libp2p', ['/ip4/0.0.0.0/tcp/4001'])}.
   */
  public String swap(String capability, String name, List<String> listen) {
    if (!"transport".equals(capability)) {
      throw new ConsoleException(
          "listen addresses apply to the transport only: provider.swap('transport', '"
              + name
              + "', ['/ip4/0.0.0.0/tcp/4001'])");
    }
    LOG.log(System.Logger.Level.INFO, "console: swapping transport to " + name + " on " + listen);
    return node.swapTransport(name, listen);
  }

  /** The active provider of each capability. */
  public Map<String, String> active() {
    return node.describe().activeProviders();
  }

  @Override
  public List<Map<String, Object>> rows() {
    NodeDescription description = node.describe();
    TreeSet<String> capabilities = new TreeSet<>(description.activeProviders().keySet());
    capabilities.addAll(description.deployedProviders().keySet());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String capability : capabilities) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("capability", capability);
      row.put("active", description.activeProviders().getOrDefault(capability, "none"));
      row.put(
          "deployed",
          String.join(", ", description.deployedProviders().getOrDefault(capability, List.of())));
      rows.add(row);
    }
    return rows;
  }

  @Override
  public String toString() {
    return "providers" + active();
  }
}
