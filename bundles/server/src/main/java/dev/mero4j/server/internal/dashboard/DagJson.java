package dev.mero4j.server.internal.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.server.DagReader;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.Json;
import io.javalin.http.Context;
import java.util.List;

/** JSON of DAG pages and deltas, and the limits the DAG routes share. */
final class DagJson {
  /** Deltas per page when the caller names no limit. */
  static final int DEFAULT_LIMIT = 100;

  /** Largest page a caller may ask for. */
  static final int MAX_LIMIT = 500;

  private DagJson() {}

  static DagReader reader(NodeInfo node) {
    return node.dag()
        .orElseThrow(
            () ->
                new ApiException(
                    ErrorKind.UNAVAILABLE, "this node has no application runtime, hence no DAG"));
  }

  /** {@code ?limit=}: 1 to {@link #MAX_LIMIT}, default {@link #DEFAULT_LIMIT}. */
  static int limit(Context ctx) {
    String text = ctx.queryParam("limit");
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ApiException.invalidParams("limit", "'limit' must be an integer from 1 to " + MAX_LIMIT);
  }

  static ObjectNode delta(DagReader.DagDelta d) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("id", d.id().toBase58());
    node.put("author", d.author().toBase58());
    node.put("hlc", d.hlc());
    ids(node.putArray("parents"), d.parents());
    node.put("actions", d.actions());
    node.put("pending", d.pending());
    return node;
  }

  static ObjectNode page(DagReader.DagPage page) {
    ObjectNode node = Json.mapper().createObjectNode();
    ids(node.putArray("heads"), page.heads());
    ArrayNode applied = node.putArray("applied");
    page.applied().forEach(d -> applied.add(delta(d)));
    ArrayNode pending = node.putArray("pending");
    page.pending().forEach(d -> pending.add(delta(d)));
    node.put("pendingCount", page.pendingCount());
    ids(node.putArray("missingParents"), page.missingParents());
    return node;
  }

  static ObjectNode detail(DagReader.DeltaDetail detail) {
    ObjectNode node = delta(detail.delta());
    node.put("lamport", detail.lamport());
    node.put("actionCount", detail.actionCount());
    ArrayNode lines = node.putArray("actionLines");
    detail.actions().forEach(lines::add);
    return node;
  }

  private static void ids(ArrayNode array, List<DeltaId> ids) {
    ids.forEach(id -> array.add(id.toBase58()));
  }
}
