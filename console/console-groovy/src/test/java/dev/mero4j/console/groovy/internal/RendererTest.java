package dev.mero4j.console.groovy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ContextId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendererTest {
  @Test
  void listsOfRowsAreAlignedTables() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("alias", "kv");
    a.put("heads", 1);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("alias", "notes-long");
    b.put("heads", 12);
    assertThat(Renderer.render(List.of(a, b)))
        .isEqualTo(
            """
        alias       heads
        ----------  -----
        kv          1
        notes-long  12
        (2 rows)""");
  }

  @Test
  void mapsRecordsAndJsonStringsArePrettyJson() {
    assertThat(Renderer.render(Map.of("k", List.of(1, 2)))).isEqualTo("{\n  \"k\" : [ 1, 2 ]\n}");
    assertThat(Renderer.render("{\"a\":1}")).isEqualTo("{\n  \"a\" : 1\n}");
    record Point(int x, ContextId id) {}
    assertThat(Renderer.render(new Point(3, ContextId.ZERO)))
        .contains("\"x\" : 3")
        .contains("\"id\" : \"1111");
  }

  @Test
  void scalarsAreOneLineAndNullIsNothing() {
    assertThat(Renderer.render(null)).isEmpty();
    assertThat(Renderer.render(42)).isEqualTo("42");
    assertThat(Renderer.render("plain text")).isEqualTo("plain text");
    assertThat(Renderer.render(List.of())).isEqualTo("(empty)");
    assertThat(Renderer.render(List.of("a", "b"))).isEqualTo("a\nb");
  }

  @Test
  void longCellsAreCutSoRowsStayOnOneLine() {
    String cell = Renderer.cell("x".repeat(100));
    assertThat(cell).hasSize(Renderer.MAX_CELL).endsWith("…");
  }
}
