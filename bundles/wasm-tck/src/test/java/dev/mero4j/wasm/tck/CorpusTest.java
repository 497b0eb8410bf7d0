package dev.mero4j.wasm.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The committed .wasm files are what wabt makes of the .wat sources. Run with {@code
 * -Dmero4j.corpus.update=true} to regenerate them after editing a .wat file.
 */
class CorpusTest {
  static final java.util.List<String> NAMES = WasmCorpus.NAMES;

  @ParameterizedTest
  @FieldSource("NAMES")
  void committedWasmMatchesItsSource(String name) throws IOException {
    byte[] compiled = Wat2Wasm.parse(WasmCorpus.wat(name));
    if (Boolean.getBoolean("mero4j.corpus.update")) {
      Path target = Path.of("src/main/resources/dev/mero4j/wasm/tck/corpus", name + ".wasm");
      Files.write(target, compiled);
    }
    assertThat(WasmCorpus.wasm(name)).isEqualTo(compiled);
  }
}
