package dev.mero4j.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** A recorded text-editing session from {@code test-data/editing-traces} (format in its README). */
public record EditingTrace(String startContent, String endContent, List<Txn> txns) {

  /** The traces this module carries. */
  public static final List<String> NAMES =
      List.of("automerge-paper", "friendsforever", "clownschool");

  /** One transaction: patches applied in order, with its agent and the txn indexes it follows. */
  public record Txn(int agent, int[] parents, List<Patch> patches) {

    /** Applies the patches in order: each deletes first, then inserts at the same position. */
    public void applyTo(Inserter inserter, Deleter deleter) {
      for (Patch p : patches) {
        if (p.delete() > 0) {
          deleter.delete(p.pos(), p.delete());
        }
        if (!p.insert().isEmpty()) {
          inserter.insert(p.pos(), p.insert());
        }
      }
    }
  }

  /** Delete {@code delete} code points at {@code pos}, then insert {@code insert} there. */
  public record Patch(int pos, int delete, String insert) {}

  /** Inserts into the text a trace is replayed into (positions count code points). */
  @FunctionalInterface
  public interface Inserter {
    void insert(int pos, String text);
  }

  /** Deletes from the text a trace is replayed into. */
  @FunctionalInterface
  public interface Deleter {
    void delete(int pos, int count);
  }

  /** Loads a trace by name (one of {@link #NAMES}) from the class path. */
  public static EditingTrace load(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("no editing trace " + name + "; there are " + NAMES);
    }
    String resource = "editing-traces/" + name + ".json.gz";
    InputStream raw = EditingTrace.class.getResourceAsStream(resource);
    if (raw == null) {
      throw new IllegalStateException(
          "editing trace " + resource + " missing from mero4j-test-data");
    }
    try (InputStream in = new GZIPInputStream(raw)) {
      return parse(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read editing trace " + name, e);
    }
  }

  private static EditingTrace parse(JsonNode root) {
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
      txns.add(
          new Txn(t.has("agent") ? t.get("agent").asInt() : 0, parentIdx, List.copyOf(patches)));
    }
    String start = root.has("startContent") ? root.get("startContent").asText() : "";
    return new EditingTrace(start, root.get("endContent").asText(), List.copyOf(txns));
  }

  /** How many agents wrote the trace (1 for a sequential trace). */
  public int agents() {
    return txns.stream().mapToInt(Txn::agent).max().orElse(0) + 1;
  }

  /** Every patch of every transaction, in trace order (for sequential replays). */
  public List<Patch> patches() {
    List<Patch> all = new ArrayList<>();
    txns.forEach(t -> all.addAll(t.patches()));
    return all;
  }
}
