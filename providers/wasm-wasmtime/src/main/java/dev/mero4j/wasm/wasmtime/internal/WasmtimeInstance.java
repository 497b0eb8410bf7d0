package dev.mero4j.wasm.wasmtime.internal;

import dev.mero4j.wasm.api.CallLimits;
import dev.mero4j.wasm.api.FunctionSignature;
import dev.mero4j.wasm.api.GuestMemory;
import dev.mero4j.wasm.api.HostFunctionException;
import dev.mero4j.wasm.api.HostImport;
import dev.mero4j.wasm.api.TrapException;
import dev.mero4j.wasm.api.ValueType;
import dev.mero4j.wasm.api.WasmException;
import dev.mero4j.wasm.api.WasmInstance;
import dev.mero4j.wasm.api.WasmLimits;
import dev.mero4j.wasm.metering.LimitReason;
import dev.mero4j.wasm.metering.MeteredModule;
import dev.mero4j.wasm.metering.Metering;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.Global;
import io.github.kawamuray.wasmtime.Linker;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Val;
import io.github.kawamuray.wasmtime.WasmtimeException;
import java.lang.ref.Cleaner;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A Wasmtime instance of a metered module in its own store; one call at a time. */
final class WasmtimeInstance implements WasmInstance {
  private static final String GUEST = "guest";
  private static final Cleaner CLEANER = Cleaner.create();
  private static final long[] NONE = new long[0];

  private final NativeRuntime runtime;
  private final MeteredModule metered;
  private final WasmLimits limits;
  private final Store<Void> store;
  private final Linker linker;
  private final Cleaner.Cleanable cleanable;
  private final Map<String, Func> functions = new HashMap<>();
  private Global gas;
  private Global depth;
  private GuestMemory memory;
  private CallLimits current;
  private WasmException pending;
  private long used;
  private boolean closed;

  private WasmtimeInstance(NativeRuntime runtime, MeteredModule metered) {
    this.runtime = runtime;
    this.metered = metered;
    this.limits = metered.limits();
    this.current = limits.call();
    this.store = new Store<>(null, runtime.engine());
    this.linker = new Linker(store.engine());
    Store<Void> s = store;
    Linker l = linker;
    this.cleanable =
        CLEANER.register(
            this,
            () -> {
              l.dispose();
              s.dispose();
            });
  }

  static WasmtimeInstance create(
      NativeRuntime runtime, MeteredModule metered, Module module, List<HostImport> resolved) {
    WasmtimeInstance wasm = new WasmtimeInstance(runtime, metered);
    try {
      wasm.link(module, resolved);
      if (metered.hasStart()) {
        wasm.invoke(Metering.START_EXPORT, null, wasm.limits.call(), NONE);
      }
      return wasm;
    } catch (RuntimeException e) {
      wasm.close();
      throw e;
    }
  }

  private void link(Module module, List<HostImport> resolved) {
    Set<String> defined = new HashSet<>();
    for (HostImport host : resolved) {
      if (defined.add(host.module() + "\u0000" + host.signature().name())) {
        FunctionSignature signature = host.signature();
        Func func =
            new Func(
                store,
                Values.funcType(signature.params(), signature.results()),
                (caller, params, results) -> callHost(host, params, results));
        linker.define(store, host.module(), signature.name(), Extern.fromFunc(func));
      }
    }
    Func limit =
        new Func(
            store,
            Values.funcType(List.of(ValueType.I32), List.of()),
            (caller, params, results) -> {
              pending =
                  LimitReason.of(params[0].i32()).toException(current, limits.maxMemoryBytes());
              throw pending;
            });
    linker.define(store, Metering.RESERVED_MODULE, Metering.LIMIT_FUNCTION, Extern.fromFunc(limit));
    try {
      linker.module(store, GUEST, module);
    } catch (WasmtimeException e) {
      throw new TrapException("instantiation failed: " + e.getMessage(), e);
    }
    gas = export(Metering.GAS_EXPORT).global();
    depth = export(Metering.DEPTH_EXPORT).global();
    memory =
        new WasmtimeMemory(
            store, metered.memoryExport() == null ? null : export(metered.memoryExport()).memory());
  }

  private Extern export(String name) {
    return linker
        .get(store, GUEST, name)
        .orElseThrow(() -> new IllegalStateException("no export " + name));
  }

  private void callHost(HostImport host, Val[] params, Val[] results) {
    long[] args = new long[params.length];
    for (int i = 0; i < args.length; i++) {
      args[i] = Values.toRaw(params[i]);
    }
    try {
      long[] out = host.function().apply(memory, args);
      List<ValueType> types = host.signature().results();
      int count = out == null ? 0 : out.length;
      if (count != types.size()) {
        throw new HostFunctionException(
            "host function "
                + host.module()
                + "."
                + host.signature()
                + " returned "
                + count
                + " values instead of "
                + types.size());
      }
      for (int i = 0; i < count; i++) {
        results[i] = Values.toVal(types.get(i), out[i]);
      }
    } catch (WasmException e) {
      pending = e;
      throw e;
    } catch (RuntimeException e) {
      pending =
          new HostFunctionException(
              "host function " + host.module() + "." + host.signature().name() + " failed: " + e,
              e);
      throw pending;
    }
  }

  @Override
  public long[] call(String export, long... args) {
    return call(limits.call(), export, args);
  }

  @Override
  public long[] call(CallLimits callLimits, String export, long... args) {
    ensureOpen();
    FunctionSignature signature = metered.checkCall(export, args);
    return invoke(export, signature, callLimits, args);
  }

  private long[] invoke(
      String export, FunctionSignature signature, CallLimits callLimits, long[] args) {
    Func func = functions.computeIfAbsent(export, name -> export(name).func());
    Val[] vals = signature == null ? new Val[0] : Values.toVals(signature.params(), args);
    current = callLimits;
    pending = null;
    gas.set(store, Val.fromI64(callLimits.instructionBudget()));
    depth.set(store, Val.fromI32(callLimits.maxCallDepth()));
    long deadline =
        Math.max(
                1,
                (callLimits.wallClock().toMillis() + NativeRuntime.TICK_MILLIS - 1)
                    / NativeRuntime.TICK_MILLIS)
            + 1;
    long startTicks = runtime.ticks();
    store.setEpochDeadline(deadline);
    Val[] results;
    try {
      results = func.call(store, vals);
    } catch (RuntimeException e) {
      used = callLimits.instructionBudget() - gas.get(store).i64();
      boolean timedOut = runtime.ticks() - startTicks >= deadline;
      throw WasmtimeErrors.translate(e, pending, timedOut, callLimits);
    }
    used = callLimits.instructionBudget() - gas.get(store).i64();
    long[] raw = new long[results.length];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = Values.toRaw(results[i]);
    }
    return raw;
  }

  @Override
  public long instructionsUsed() {
    return used;
  }

  @Override
  public GuestMemory memory() {
    ensureOpen();
    return memory;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      functions.clear();
      cleanable.clean();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("instance is closed");
    }
  }
}
