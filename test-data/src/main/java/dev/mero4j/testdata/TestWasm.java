package dev.mero4j.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The prebuilt WASM modules tests install (sources and rebuild steps in {@code test-data/wasm}).
 */
public final class TestWasm {
  private TestWasm() {}

  /** The ABI probe app: one exported method per host function of the guest ABI. */
  public static byte[] abiProbe() {
    try (InputStream in = TestWasm.class.getResourceAsStream("wasm/abi-probe.wasm")) {
      if (in == null) {
        throw new IllegalStateException("wasm/abi-probe.wasm missing from mero4j-test-data");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read abi-probe.wasm", e);
    }
  }

  /** Writes the ABI probe to {@code dir/abi-probe.wasm} and returns that path. */
  public static Path abiProbeIn(Path dir) {
    Path file = dir.resolve("abi-probe.wasm");
    try {
      Files.write(file, abiProbe());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }
}
