package dev.mero4j.wasm.chicory.internal;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.alloc.ExactMemAllocStrategy;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import dev.mero4j.wasm.api.CallLimits;
import dev.mero4j.wasm.api.FunctionSignature;
import dev.mero4j.wasm.api.GuestMemory;
import dev.mero4j.wasm.api.HostImport;
import dev.mero4j.wasm.api.TrapException;
import dev.mero4j.wasm.api.ValueType;
import dev.mero4j.wasm.api.WasmException;
import dev.mero4j.wasm.api.WasmInstance;
import dev.mero4j.wasm.api.WasmLimits;
import dev.mero4j.wasm.metering.LimitReason;
import dev.mero4j.wasm.metering.MeteredModule;
import dev.mero4j.wasm.metering.Metering;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A Chicory instance of a metered module; one call at a time. */
final class ChicoryInstance implements WasmInstance {
  private final MeteredModule metered;
  private final WasmLimits limits;
  private final Watchdog.Ticket ticket;
  private final Map<String, Export> functions = new HashMap<>();
  private Instance instance;
  private GlobalInstance gas;
  private GlobalInstance depth;
  private GuestMemory memory;
  private CallLimits current;
  private WasmException pending;
  private long used;

  private ChicoryInstance(MeteredModule metered, WasmLimits limits, Watchdog watchdog) {
    this.metered = metered;
    this.limits = limits;
    this.ticket = watchdog.register();
    this.current = limits.call();
  }

  static ChicoryInstance create(
      MeteredModule metered,
      WasmModule module,
      Function<Instance, Machine> machines,
      List<HostImport> resolved,
      Watchdog watchdog,
      WasmLimits limits) {
    ChicoryInstance wasm = new ChicoryInstance(metered, limits, watchdog);
    Instance.Builder builder =
        Instance.builder(module)
            .withImportValues(
                ImportValues.builder().withFunctions(wasm.hostFunctions(resolved)).build())
            .withMachineFactory(machines)
            .withStart(false);
    if (metered.memoryMaxPages() >= 0) {
      builder
          .withMemoryLimits(
              new MemoryLimits((int) metered.memoryMinPages(), (int) metered.memoryMaxPages()))
          .withMemoryFactory(ChicoryInstance::exactMemory);
    }
    try {
      wasm.instance = builder.build();
    } catch (ChicoryException e) {
      throw new TrapException("instantiation failed: " + e.getMessage(), e);
    }
    wasm.gas = wasm.instance.exports().global(Metering.GAS_EXPORT);
    wasm.depth = wasm.instance.exports().global(Metering.DEPTH_EXPORT);
    wasm.memory = new ChicoryMemory(wasm.instance.memory());
    if (metered.hasStart()) {
      wasm.invoke(wasm.instance.export(Metering.START_EXPORT), null, limits.call());
    }
    return wasm;
  }

  /**
   * Chicory's default allocation strategy over-allocates and bounds-checks against the allocated
   * capacity, so accesses just past the logical end of a grown memory succeed instead of trapping
   * (and differ from Wasmtime). Allocating exactly the logical size restores the trap.
   */
  private static Memory exactMemory(MemoryLimits memoryLimits) {
    return new ByteArrayMemory(memoryLimits, new ExactMemAllocStrategy());
  }

  private List<ImportFunction> hostFunctions(List<HostImport> resolved) {
    List<ImportFunction> functions = new ArrayList<>(resolved.size() + 1);
    for (HostImport host : resolved) {
      FunctionSignature signature = host.signature();
      functions.add(
          new HostFunction(
              host.module(),
              signature.name(),
              FunctionType.of(types(signature.params()), types(signature.results())),
              (inst, args) -> callHost(host, args)));
    }
    functions.add(
        new HostFunction(
            Metering.RESERVED_MODULE,
            Metering.LIMIT_FUNCTION,
            FunctionType.of(List.of(ValType.I32), List.of()),
            (inst, args) -> {
              pending = LimitReason.of(args[0]).toException(current, limits.maxMemoryBytes());
              throw pending;
            }));
    return functions;
  }

  private long[] callHost(HostImport host, long[] args) {
    try {
      long[] results = host.function().apply(memory, args);
      return HostCalls.checkResults(host, results);
    } catch (WasmException e) {
      pending = e;
      throw e;
    } catch (RuntimeException e) {
      pending = HostCalls.unexpected(host, e);
      throw pending;
    }
  }

  private static List<ValType> types(List<ValueType> types) {
    List<ValType> out = new ArrayList<>(types.size());
    for (ValueType t : types) {
      out.add(
          switch (t) {
            case I32 -> ValType.I32;
            case I64 -> ValType.I64;
            case F32 -> ValType.F32;
            case F64 -> ValType.F64;
          });
    }
    return out;
  }

  @Override
  public long[] call(String export, long... args) {
    return call(limits.call(), export, args);
  }

  @Override
  public long[] call(CallLimits callLimits, String export, long... args) {
    ensureOpen();
    Export target = functions.computeIfAbsent(export, this::resolveExport);
    MeteredModule.checkArguments(target.signature(), args);
    return invoke(target.function(), target.signature(), callLimits, args);
  }

  private Export resolveExport(String name) {
    return new Export(metered.export(name), instance.export(name));
  }

  /** An exported function with its signature, looked up once per name. */
  private record Export(FunctionSignature signature, ExportFunction function) {}

  private long[] invoke(
      ExportFunction function, FunctionSignature signature, CallLimits callLimits, long... args) {
    current = callLimits;
    pending = null;
    gas.setValue(callLimits.instructionBudget());
    depth.setValue(callLimits.maxCallDepth());
    ticket.start(callLimits.wallClock().toNanos());
    long[] results;
    try {
      results = function.apply(args);
    } catch (RuntimeException | StackOverflowError e) {
      boolean fired = ticket.stop();
      used = callLimits.instructionBudget() - gas.getValue();
      throw ChicoryErrors.translate(e, pending, fired, callLimits);
    }
    ticket.stop();
    used = callLimits.instructionBudget() - gas.getValue();
    return signature == null ? results : HostCalls.normalize(signature, results);
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
    instance = null;
    functions.clear();
  }

  private void ensureOpen() {
    if (instance == null) {
      throw new IllegalStateException("instance is closed");
    }
  }
}
