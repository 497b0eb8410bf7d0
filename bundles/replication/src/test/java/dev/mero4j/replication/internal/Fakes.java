package dev.mero4j.replication.internal;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Interface fakes for unit tests: they answer what a test names and refuse any other call. */
final class Fakes {
  private Fakes() {}

  /** A {@code type} whose methods answer {@code answer(name)}; null means "not expected here". */
  @SuppressWarnings("unchecked")
  static <T> T fake(Class<T> type, Function<String, Object> answer) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Object result = answer.apply(method.getName());
              if (result == null) {
                throw new UnsupportedOperationException(method.getName());
              }
              return result;
            });
  }

  /** A transport that only records the peers it is asked to penalise into {@code penalised}. */
  static Transport penaltyRecorder(List<PeerId> penalised) {
    return penaltyRecorder(penalised, Map.of());
  }

  /**
   * A transport that records the peers it is asked to penalise into {@code penalised} and says each
   * peer of {@code addresses} is connected from its address.
   */
  static Transport penaltyRecorder(List<PeerId> penalised, Map<PeerId, InetAddress> addresses) {
    return (Transport)
        Proxy.newProxyInstance(
            Transport.class.getClassLoader(),
            new Class<?>[] {Transport.class},
            (proxy, method, args) -> {
              if (method.getName().equals("penalize")) {
                penalised.add((PeerId) args[0]);
                return true;
              }
              if (method.getName().equals("remoteAddress")) {
                return Optional.ofNullable(addresses.get((PeerId) args[0]));
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
