package dev.mero4j.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.AppAbi;
import java.util.Optional;

/**
 * Which method a peer's event may make this node run: a declared event handler, that is a writable
 * method of the app's {@code mero4j.abi} manifest whose name starts with {@value #PREFIX} (never
 * {@code init}, never another writer), with JSON arguments no larger than a local event's data.
 */
final class EventHandlers {
  /** The naming convention that declares a method an event handler (docs/abi.md). */
  static final String PREFIX = "on_";

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventHandlers() {}

  /** Why a job naming {@code method} with {@code argsJson} must not run, or empty when it may. */
  static Optional<String> refusal(AppAbi abi, String method, String argsJson) {
    if (!method.startsWith(PREFIX)) {
      return Optional.of(
          "is not a declared event handler (its name does not start with " + PREFIX + ")");
    }
    if (abi.method(method).filter(m -> !m.readOnly()).isEmpty()) {
      return Optional.of("is not a writable method of the app");
    }
    if (argsJson.length() > RuntimeLimits.DEFAULT.maxEventBytes()) {
      return Optional.of(
          "got " + argsJson.length() + " bytes of event data, over the per-event cap");
    }
    try {
      JSON.readTree(argsJson);
    } catch (JsonProcessingException e) {
      return Optional.of("got event data that is not JSON");
    }
    return Optional.empty();
  }
}
