package dev.mero4j.wasm.chicory.internal;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.mero4j.wasm.api.InvalidModuleException;
import dev.mero4j.wasm.metering.MeteredModule;
import java.util.function.Function;

/** Parses, validates and compiles a metered module to JVM bytecode. */
public final class ChicoryCompiler {
  private static final System.Logger LOG = System.getLogger(ChicoryCompiler.class.getName());

  private ChicoryCompiler() {}

  public static ChicoryCompiledModule compile(MeteredModule metered, Watchdog watchdog) {
    long start = System.nanoTime();
    WasmModule module;
    Function<Instance, Machine> factory;
    try {
      module = Parser.parse(metered.bytes());
      factory = MachineFactoryCompiler.compile(module);
    } catch (ChicoryException
        | IllegalArgumentException
        | IllegalStateException
        | IndexOutOfBoundsException
        | UnsupportedOperationException e) {
      throw new InvalidModuleException("invalid module: " + e.getMessage(), e);
    }
    LOG.log(
        System.Logger.Level.DEBUG,
        () ->
            String.format(
                "compiled module %s (%d bytes) in %d ms",
                metered.hash().toHex(), metered.size(), (System.nanoTime() - start) / 1_000_000));
    return new ChicoryCompiledModule(metered, module, factory, watchdog, metered.limits());
  }
}
