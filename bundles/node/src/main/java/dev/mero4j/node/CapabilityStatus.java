package dev.mero4j.node;

import java.util.List;

/** One swappable capability of a running node: the active provider and those deployed. */
public record CapabilityStatus(String capability, String active, List<String> deployed) {
  public CapabilityStatus {
    deployed = List.copyOf(deployed);
  }
}
