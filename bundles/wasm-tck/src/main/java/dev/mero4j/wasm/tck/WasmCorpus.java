package dev.mero4j.wasm.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The shared modules every engine runs, compiled from the .wat sources next to them. */
public final class WasmCorpus {
  /** Every module of the corpus, by base name. */
  public static final List<String> NAMES =
      List.of("basic", "hostile", "unknown_import", "big_memory", "start_spin");

  /** Modules built from Rust sources (src/main/rust, rebuilt by its build.sh), not from .wat. */
  public static final List<String> RUST_NAMES = List.of("rust_app");

  private WasmCorpus() {}

  /** The compiled module {@code name}.wasm. */
  public static byte[] wasm(String name) {
    return resource(name + ".wasm");
  }

  /** The source {@code name}.wat. */
  public static String wat(String name) {
    return new String(resource(name + ".wat"), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] resource(String file) {
    try (InputStream in = WasmCorpus.class.getResourceAsStream("corpus/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no corpus file " + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A module whose bytes are well-formed but whose code does not type-check: a function declared to
   * return an i32 that returns nothing.
   */
  public static byte[] illTyped() {
    return new byte[] {
      0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7F, // type (func (result i32))
      3, 2, 1, 0, // one function of type 0
      7, 5, 1, 1, 'f', 0, 0, // export "f"
      10, 4, 1, 2, 0, 0x0B
    }; // body: no locals, end
  }
}
