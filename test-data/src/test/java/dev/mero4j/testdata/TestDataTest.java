package dev.mero4j.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDataTest {

  @Test
  void sequentialTraceReplaysToItsEndContent() {
    EditingTrace trace = EditingTrace.load("automerge-paper");
    StringBuilder text = new StringBuilder(trace.startContent());
    trace.txns().forEach(t -> t.applyTo(text::insert, (pos, n) -> text.delete(pos, pos + n)));
    assertThat(trace.patches()).hasSize(259_778);
    assertThat(text.toString()).isEqualTo(trace.endContent());
  }

  @Test
  void concurrentTracesNameTheirAgentsAndParents() {
    EditingTrace trace = EditingTrace.load("friendsforever");
    assertThat(trace.agents()).isEqualTo(2);
    assertThat(trace.txns()).hasSize(26_078);
    assertThat(trace.txns().get(1).parents()).containsExactly(0);
  }

  @Test
  void unknownTraceNamesTheKnownOnes() {
    assertThatThrownBy(() -> EditingTrace.load("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("automerge-paper");
  }

  @Test
  void abiProbeIsAWasmModule(@TempDir Path dir) throws Exception {
    byte[] wasm = TestWasm.abiProbe();
    assertThat(wasm).startsWith(0x00, 0x61, 0x73, 0x6d);
    assertThat(java.nio.file.Files.readAllBytes(TestWasm.abiProbeIn(dir))).isEqualTo(wasm);
  }
}
