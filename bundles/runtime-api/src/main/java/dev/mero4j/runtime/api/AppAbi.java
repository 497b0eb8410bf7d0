package dev.mero4j.runtime.api;

import java.util.List;
import java.util.Optional;

/** The methods and events an application declares. */
public record AppAbi(List<Method> methods, List<String> events) {
  public AppAbi {
    methods = List.copyOf(methods);
    events = List.copyOf(events);
  }

  public Optional<Method> method(String name) {
    return methods.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** An exported method; read-only methods run under a shared lock and may not write. */
  public record Method(String name, boolean readOnly) {}
}
