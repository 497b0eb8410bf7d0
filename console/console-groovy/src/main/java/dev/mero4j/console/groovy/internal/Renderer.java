package dev.mero4j.console.groovy.internal;

import dev.mero4j.primitives.Bytes32;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns evaluation results into readable text: tables for lists of rows, indented JSON for maps,
 * records and JSON strings, one line for everything else. {@code null} renders as nothing.
 */
public final class Renderer {
  /** Widest table cell; longer values are cut with an ellipsis so rows stay on one line. */
  static final int MAX_CELL = 60;

  private Renderer() {}

  public static String render(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Rendered rendered) {
      return rendered.render();
    }
    if (value instanceof Tabular tabular) {
      return table(tabular.rows());
    }
    if (value instanceof CharSequence text) {
      String s = text.toString();
      return Json.isStructured(s) ? Json.pretty(Json.read(s)) : s;
    }
    if (value instanceof Bytes32 id) {
      return id.toBase58();
    }
    if (value instanceof Map<?, ?> || value.getClass().isRecord()) {
      return Json.pretty(value);
    }
    if (value instanceof Object[] array) {
      return render(List.of(array));
    }
    if (value instanceof Collection<?> items) {
      return collection(items);
    }
    return String.valueOf(value);
  }

  private static String collection(Collection<?> items) {
    if (items.isEmpty()) {
      return "(empty)";
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Object item : items) {
      Map<String, Object> row = row(item);
      if (row == null) {
        StringBuilder out = new StringBuilder();
        for (Object each : items) {
          out.append(out.length() == 0 ? "" : "\n").append(cell(each));
        }
        return out.toString();
      }
      rows.add(row);
    }
    return table(rows);
  }

  private static Map<String, Object> row(Object item) {
    if (item instanceof Map<?, ?> map) {
      Map<String, Object> row = new LinkedHashMap<>();
      map.forEach((k, v) -> row.put(String.valueOf(k), v));
      return row;
    }
    if (item != null && item.getClass().isRecord()) {
      return Json.recordToMap(item);
    }
    if (item instanceof TableRow tableRow) {
      return tableRow.row();
    }
    return null;
  }

  /** Renders rows as an aligned text table with a header line. */
  public static String table(List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      return "(empty)";
    }
    List<String> columns = new ArrayList<>(rows.get(0).keySet());
    for (Map<String, Object> row : rows) {
      row.keySet().stream().filter(k -> !columns.contains(k)).forEach(columns::add);
    }
    List<List<String>> cells = new ArrayList<>();
    int[] widths = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      widths[c] = columns.get(c).length();
    }
    for (Map<String, Object> row : rows) {
      List<String> line = new ArrayList<>();
      for (int c = 0; c < columns.size(); c++) {
        String text = cell(row.get(columns.get(c)));
        widths[c] = Math.max(widths[c], text.length());
        line.add(text);
      }
      cells.add(line);
    }
    StringBuilder out = new StringBuilder();
    appendLine(out, columns, widths);
    List<String> rules = new ArrayList<>();
    for (int width : widths) {
      rules.add("-".repeat(width));
    }
    appendLine(out, rules, widths);
    cells.forEach(line -> appendLine(out, line, widths));
    out.append("(").append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)");
    return out.toString();
  }

  private static void appendLine(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      line.append(c == 0 ? "" : "  ").append(cells.get(c));
      if (c < cells.size() - 1) {
        line.append(" ".repeat(widths[c] - cells.get(c).length()));
      }
    }
    out.append(line).append('\n');
  }

  static String cell(Object value) {
    String text;
    if (value == null) {
      text = "";
    } else if (value instanceof CharSequence
        || value instanceof Number
        || value instanceof Boolean) {
      text = value.toString();
    } else if (value instanceof Bytes32 id) {
      text = id.toBase58();
    } else {
      Object plain = Json.plain(value);
      text = plain instanceof String s ? s : Json.write(plain);
    }
    text = text.replace('\n', ' ');
    return text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 1) + "…" : text;
  }

  /** A value that renders itself (call results, events, help). */
  public interface Rendered {
    String render();
  }

  /** A value shown as one table row when it appears in a list. */
  public interface TableRow {
    Map<String, Object> row();
  }
}
