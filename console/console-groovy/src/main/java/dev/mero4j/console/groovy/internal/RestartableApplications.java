package dev.mero4j.console.groovy.internal;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.runtime.api.ApplicationInfo;
import dev.mero4j.runtime.api.ApplicationRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/** The applications of a node that the console may restart; calls go to the current node. */
public final class RestartableApplications implements ApplicationRegistry {
  private final Supplier<ApplicationRegistry> current;
  private final Lock lock;

  public RestartableApplications(Supplier<ApplicationRegistry> current, Lock lock) {
    this.current = current;
    this.lock = lock;
  }

  private <T> T locked(Supplier<T> call) {
    lock.lock();
    try {
      return call.get();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ApplicationInfo install(byte[] bytes, String source) {
    return locked(() -> current.get().install(bytes, source));
  }

  @Override
  public List<ApplicationInfo> list() {
    return locked(() -> current.get().list());
  }

  @Override
  public Optional<ApplicationInfo> get(ApplicationId id) {
    return locked(() -> current.get().get(id));
  }

  @Override
  public void delete(ApplicationId id) {
    locked(() -> {
      current.get().delete(id);
      return null;
    });
  }
}
