package dev.mero4j.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The documented example in config/ must stay the text `mero4j init` writes. */
class ConfigExampleTest {
  @Test
  void exampleMatchesTheInitTemplate() throws Exception {
    Path example = Path.of("../../config/node/config.toml.example");
    String expected =
        NodeHome.DEFAULT_CONFIG
            .replace("%SERVER_PORT%", "2528")
            .replace("%SWARM_PORT%", "2428")
            .replace("%TRANSPORT%", "libp2p")
            .replace("%WASM_ENGINE%", "chicory");
    assertThat(Files.readString(example)).isEqualTo(expected);
    assertThat(NodeConfigLoader.parse(expected, "example").server().port()).isEqualTo(2528);
  }
}
