package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ApplicationId;
import java.util.List;
import java.util.Optional;

/** Installed applications: WASM modules with a manifest and an ABI. Thread-safe. */
public interface ApplicationRegistry {
  /**
   * Installs an application from a {@code .wasm} module or an application bundle (a zip holding
   * {@code manifest.json} and the module). Installing identical bytes again returns the same id.
   *
   * @param source where the bytes came from (a path or URL), recorded for operators
   */
  ApplicationInfo install(byte[] bytes, String source);

  List<ApplicationInfo> list();

  Optional<ApplicationInfo> get(ApplicationId id);

  /** Removes an application; fails with {@link ApplicationInUseException} while contexts run it. */
  void delete(ApplicationId id);
}
