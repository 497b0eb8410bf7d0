package dev.mero4j.it.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** A sequential editing trace from ../shared/data/editing-traces (ASCII, so code points = chars). */
record EditingTrace(String startContent, List<Patch> patches) {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Patch(int pos, int delete, String insert) {}

  static EditingTrace load(String name) throws IOException {
    Path file = Path.of(System.getProperty("mero4j.shared", "../../../shared"), "data", "editing-traces", name + ".json.gz");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      JsonNode root = JSON.readTree(in);
      List<Patch> patches = new ArrayList<>();
      for (JsonNode txn : root.get("txns")) {
        for (JsonNode p : txn.get("patches")) {
          patches.add(new Patch(p.get(0).asInt(), p.get(1).asInt(), p.get(2).asText()));
        }
      }
      return new EditingTrace(root.get("startContent").asText(), patches);
    }
  }

  static String json(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
