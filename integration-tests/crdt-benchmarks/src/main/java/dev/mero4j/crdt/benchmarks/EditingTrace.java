package dev.mero4j.crdt.benchmarks;

import dev.mero4j.crdt.TextHandle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** An editing trace from shared/data/editing-traces (format in its README). */
public record EditingTrace(String startContent, String endContent, List<Txn> txns) {

  /** One transaction: patches applied in order, with its agent and parent txn indexes. */
  public record Txn(int agent, int[] parents, List<Patch> patches) {}

  /** Delete {@code delete} code points at {@code pos}, then insert {@code insert} there. */
  public record Patch(int pos, int delete, String insert) {}

  public static Path sharedDir() {
    String configured = System.getProperty("mero4j.shared");
    for (String candidate : new String[] {configured, "../../shared", "../../../shared", "../shared"}) {
      if (candidate != null && Files.isDirectory(Path.of(candidate, "data", "editing-traces"))) {
        return Path.of(candidate);
      }
    }
    throw new IllegalStateException("shared dir not found; set -Dmero4j.shared");
  }

  public static EditingTrace load(String name) {
    Path file = sharedDir().resolve("data/editing-traces").resolve(name + ".json.gz");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<Txn> txns = new ArrayList<>();
      for (JsonNode t : root.get("txns")) {
        List<Patch> patches = new ArrayList<>();
        for (JsonNode p : t.get("patches")) {
          patches.add(new Patch(p.get(0).asInt(), p.get(1).asInt(), p.get(2).asText()));
        }
        JsonNode parents = t.get("parents");
        int[] parentIdx = new int[parents == null ? 0 : parents.size()];
        for (int i = 0; i < parentIdx.length; i++) {
          parentIdx[i] = parents.get(i).asInt();
        }
        txns.add(new Txn(t.has("agent") ? t.get("agent").asInt() : 0, parentIdx, patches));
      }
      return new EditingTrace(
          root.has("startContent") ? root.get("startContent").asText() : "",
          root.get("endContent").asText(),
          txns);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int agents() {
    return txns.stream().mapToInt(Txn::agent).max().orElse(0) + 1;
  }

  public static void apply(TextHandle text, Txn txn) {
    for (Patch p : txn.patches()) {
      if (p.delete() > 0) {
        text.delete(p.pos(), p.delete());
      }
      if (!p.insert().isEmpty()) {
        text.insert(p.pos(), p.insert());
      }
    }
  }
}
