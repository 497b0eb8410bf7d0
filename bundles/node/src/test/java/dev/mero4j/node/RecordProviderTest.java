package dev.mero4j.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A swapped provider is written into config.toml so the next start opens it; the rest of the file
 * stays.
 */
class RecordProviderTest {
  @TempDir Path dir;

  @Test
  void theKeyOfItsSectionIsReplacedAndCommentsStay() throws Exception {
    NodeHome home =
        NodeHome.init(
            dir, new NodeHome.InitOptions(1, 0, "none", "chicory", true), new SecureRandom());
    home.recordProvider("storage", "provider", "rocksdb");
    home.recordProvider("runtime", "wasm_engine", "wasmtime");
    String text = Files.readString(home.configFile());
    assertThat(text)
        .contains("provider = \"rocksdb\"")
        .contains("wasm_engine = \"wasmtime\"")
        .contains("# Storage provider:")
        .contains("transport = \"none\"");
    assertThat(home.loadConfig().storage().provider()).isEqualTo("rocksdb");
    assertThat(home.loadConfig().runtime().wasmEngine()).isEqualTo("wasmtime");
  }

  @Test
  void aMissingKeyOrSectionIsAdded() throws Exception {
    NodeHome home =
        NodeHome.init(
            dir, new NodeHome.InitOptions(1, 0, "none", "chicory", true), new SecureRandom());
    Files.writeString(home.configFile(), "[storage]\ndirectory = \"data\"\n");
    home.recordProvider("storage", "provider", "rocksdb");
    home.recordProvider("runtime", "wasm_engine", "wasmtime");
    NodeConfig config = home.loadConfig();
    assertThat(config.storage().provider()).isEqualTo("rocksdb");
    assertThat(config.storage().directory()).isEqualTo("data");
    assertThat(config.runtime().wasmEngine()).isEqualTo("wasmtime");
  }
}
