package dev.mero4j.runtime;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.ApplicationInUseException;
import dev.mero4j.runtime.api.ApplicationInfo;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.ApplicationTransfer;
import dev.mero4j.runtime.api.InvalidApplicationException;
import dev.mero4j.runtime.api.UnknownApplicationException;
import dev.mero4j.runtime.internal.AppDownloads;
import dev.mero4j.runtime.internal.AppManifest;
import dev.mero4j.runtime.internal.AppPackage;
import dev.mero4j.runtime.internal.ContextJoining;
import dev.mero4j.runtime.internal.ModuleValidator;
import dev.mero4j.runtime.internal.SwappableModule;
import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.api.WasmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * Installed applications, persisted in storage and compiled on first use. Thread-safe. The WASM
 * engine can be swapped while contexts run ({@link #swapEngine}): every installed module is
 * compiled on the new engine first, then all switch at once; calls already running finish on the
 * old one.
 */
public final class ApplicationManager implements ApplicationRegistry, ApplicationTransfer {
  static final String MODULES = "app-modules";
  static final String META = "app-meta";
  private static final int META_VERSION = 1;

  private final StorageEngine storage;
  private final RuntimeLimits limits;
  private final Map<ApplicationId, SwappableModule> compiled = new ConcurrentHashMap<>();
  private final AppDownloads downloads;

  /** Compiles hold it shared; the moment of an engine swap holds it exclusively. */
  private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();

  private volatile WasmEngine engine;
  private volatile Predicate<ApplicationId> inUse = id -> false;

  public ApplicationManager(StorageEngine storage, WasmEngine engine, RuntimeLimits limits) {
    this.storage = storage;
    this.engine = engine;
    this.limits = limits;
    this.downloads = new AppDownloads(storage, limits.wasm().maxModuleBytes());
  }

  /** Lets the context manager veto deletes of applications its contexts run. */
  void setInUseCheck(Predicate<ApplicationId> check) {
    inUse = check;
  }

  @Override
  public ApplicationInfo install(byte[] bytes, String source) {
    byte[] module = AppPackage.module(bytes, limits.wasm().maxModuleBytes());
    swap.readLock().lock();
    try {
      CompiledModule compiledModule = compile(engine, module);
      AppManifest manifest = ModuleValidator.validate(compiledModule);
      ApplicationId id = ApplicationId.of(Hash.sha256(module));
      ApplicationInfo info =
          new ApplicationInfo(
              id,
              manifest.name(),
              manifest.version(),
              compiledModule.hash(),
              module.length,
              manifest.abi(),
              source);
      storage.write(
          new WriteBatch()
              .put(MODULES, id.toBytes(), module)
              .put(META, id.toBytes(), encode(info, manifest)));
      compiled.put(id, new SwappableModule(compiledModule));
      return info;
    } finally {
      swap.readLock().unlock();
    }
  }

  @Override
  public List<ApplicationInfo> list() {
    List<ApplicationInfo> all = new ArrayList<>();
    try (KeyValueCursor cursor = storage.keyspace(META).range(null, null)) {
      while (cursor.hasNext()) {
        KeyValue kv = cursor.next();
        all.add(decode(ApplicationId.of(kv.key()), kv.value()));
      }
    }
    return all;
  }

  @Override
  public Optional<ApplicationInfo> get(ApplicationId id) {
    return storage.keyspace(META).get(id.toBytes()).map(bytes -> decode(id, bytes));
  }

  @Override
  public void delete(ApplicationId id) {
    require(id);
    if (inUse.test(id)) {
      throw new ApplicationInUseException(
          "application " + id + " is run by contexts; delete them first");
    }
    storage.write(new WriteBatch().delete(MODULES, id.toBytes()).delete(META, id.toBytes()));
    compiled.remove(id);
  }

  /** Serves only applications that contexts held here run. */
  @Override
  public Optional<byte[]> servedModule(ApplicationId application) {
    return inUse.test(application)
        ? storage.keyspace(MODULES).get(application.toBytes())
        : Optional.empty();
  }

  @Override
  public byte[] partialDownload(ApplicationId application) {
    return downloads.partial(application);
  }

  @Override
  public void saveChunk(ApplicationId application, long offset, byte[] chunk) {
    downloads.save(application, offset, chunk);
  }

  @Override
  public void discardDownload(ApplicationId application) {
    downloads.discard(application);
  }

  /** This registry as joining needs it. */
  ContextJoining.Applications forJoining(long maxModuleBytes) {
    return new ContextJoining.Applications() {
      @Override
      public boolean installed(ApplicationId application) {
        return get(application).isPresent();
      }

      @Override
      public void install(byte[] module, String source) {
        ApplicationManager.this.install(module, source);
      }

      @Override
      public long maxModuleBytes() {
        return maxModuleBytes;
      }
    };
  }

  ApplicationInfo require(ApplicationId id) {
    return get(id).orElseThrow(() -> new UnknownApplicationException("no application " + id));
  }

  /** The compiled module of an installed application, compiling (once) on first use. */
  CompiledModule module(ApplicationId id) {
    swap.readLock().lock();
    try {
      return compiled.computeIfAbsent(id, key -> new SwappableModule(compile(engine, stored(key))));
    } finally {
      swap.readLock().unlock();
    }
  }

  /** The engine new compilations and new instances use. */
  public WasmEngine engine() {
    return engine;
  }

  /**
   * Makes {@code next} the engine of every application: compiles every installed module on it first
   * (so no call pays for compilation after the switch), then switches all of them at once. Calls
   * already running finish on the old engine. On a compile failure nothing changes.
   *
   * @return the number of modules compiled on the new engine
   * @throws InvalidApplicationException if an installed module does not compile on {@code next}
   */
  public synchronized int swapEngine(WasmEngine next) {
    Map<ApplicationId, CompiledModule> ready = new HashMap<>();
    for (ApplicationId id : installedIds()) {
      ready.put(id, compile(next, stored(id)));
    }
    swap.writeLock().lock();
    try {
      for (ApplicationId id : installedIds()) {
        if (!ready.containsKey(id)) {
          ready.put(id, compile(next, stored(id)));
        }
      }
      ready.forEach(
          (id, module) -> {
            SwappableModule existing = compiled.get(id);
            if (existing == null) {
              compiled.put(id, new SwappableModule(module));
            } else {
              existing.replace(module);
            }
          });
      engine = next;
      return ready.size();
    } finally {
      swap.writeLock().unlock();
    }
  }

  private List<ApplicationId> installedIds() {
    List<ApplicationId> ids = new ArrayList<>();
    try (KeyValueCursor cursor = storage.keyspace(MODULES).range(null, null)) {
      while (cursor.hasNext()) {
        ids.add(ApplicationId.of(cursor.next().key()));
      }
    }
    return ids;
  }

  private byte[] stored(ApplicationId id) {
    return storage
        .keyspace(MODULES)
        .get(id.toBytes())
        .orElseThrow(() -> new UnknownApplicationException("no application " + id));
  }

  private CompiledModule compile(WasmEngine engine, byte[] module) {
    try {
      return engine.compile(module, limits.wasm());
    } catch (WasmException e) {
      throw new InvalidApplicationException("the module does not compile: " + e.getMessage(), e);
    }
  }

  private static byte[] encode(ApplicationInfo info, AppManifest manifest) {
    return new BinaryWriter()
        .version(META_VERSION)
        .string(AppManifest.toJson(manifest))
        .id(info.wasmHash())
        .varint(info.size())
        .string(info.source() == null ? "" : info.source())
        .toByteArray();
  }

  private static ApplicationInfo decode(ApplicationId id, byte[] bytes) {
    BinaryReader in = new BinaryReader(bytes);
    in.version("application record", META_VERSION);
    AppManifest manifest = AppManifest.parse(in.bytes(1 << 20));
    Hash wasmHash = Hash.of(in.id());
    long size = in.varint();
    String source = in.string(1 << 16);
    return new ApplicationInfo(
        id, manifest.name(), manifest.version(), wasmHash, size, manifest.abi(), source);
  }
}
