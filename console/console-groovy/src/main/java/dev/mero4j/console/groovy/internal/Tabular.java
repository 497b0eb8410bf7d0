package dev.mero4j.console.groovy.internal;

import java.util.List;
import java.util.Map;

/**
 * A value the console renders as a table: one map per row, the keys of the first row as columns.
 */
public interface Tabular {
  List<Map<String, Object>> rows();
}
