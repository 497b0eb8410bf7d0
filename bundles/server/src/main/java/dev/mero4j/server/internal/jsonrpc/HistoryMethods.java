package dev.mero4j.server.internal.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.DeltaSummary;
import dev.mero4j.runtime.api.HistoryPage;
import dev.mero4j.runtime.api.StateDiff;
import dev.mero4j.server.internal.auth.Caller;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON-RPC methods that look back at a context (docs/time-travel.md):
 *
 * <ul>
 *   <li>{@code context_history}: params {@code {contextId, limit?, cursor?}} → {@code {deltas:
 *       [{id, seq, author, hlc, hlcMillis, parents, actions}], next}}, newest first; {@code next}
 *       (null on the last page) is the {@code cursor} of the next page.
 *   <li>{@code context_diff}: params {@code {contextId, from, to, limit?}} → {@code {from, to,
 *       truncated, collections: {name: {added: [{key, value}], removed: [...], changed: [{key,
 *       before, after}]}}}}.
 * </ul>
 */
public final class HistoryMethods {
  public static final int DEFAULT_HISTORY_LIMIT = 50;
  public static final int DEFAULT_DIFF_LIMIT = 1000;

  private HistoryMethods() {}

  /** Both methods over {@code contexts}. */
  public static List<JsonRpcMethod> of(ContextService contexts) {
    return List.of(history(contexts), diff(contexts));
  }

  static JsonRpcMethod history(ContextService contexts) {
    return new Named(
        "context_history",
        (params, caller) -> {
          Json.requireKnownFields(params, Set.of("contextId", "limit", "cursor"));
          ContextId context = Ids.context(params, "contextId");
          int limit = limit(params, DEFAULT_HISTORY_LIMIT);
          JsonNode cursorNode = params.get("cursor");
          Optional<String> cursor =
              cursorNode == null || cursorNode.isNull()
                  ? Optional.empty()
                  : Optional.of(Json.text(params, "cursor"));
          return json(contexts.history(context, limit, cursor));
        });
  }

  static JsonRpcMethod diff(ContextService contexts) {
    return new Named(
        "context_diff",
        (params, caller) -> {
          Json.requireKnownFields(params, Set.of("contextId", "from", "to", "limit"));
          ContextId context = Ids.context(params, "contextId");
          DeltaId from = Ids.delta("from", Json.text(params, "from"));
          DeltaId to = Ids.delta("to", Json.text(params, "to"));
          return json(contexts.diff(context, from, to, limit(params, DEFAULT_DIFF_LIMIT)));
        });
  }

  private static int limit(ObjectNode params, int fallback) {
    JsonNode node = params.get("limit");
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 1) {
      throw ApiException.invalidParams("limit", "'limit' must be a positive integer");
    }
    return node.intValue();
  }

  public static ObjectNode json(HistoryPage page) {
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode deltas = out.putArray("deltas");
    for (DeltaSummary d : page.deltas()) {
      ObjectNode item = deltas.addObject();
      item.put("id", d.id().toBase58());
      item.put("seq", d.seq());
      item.put("author", d.author().toBase58());
      item.put("hlc", d.hlc());
      item.put("hlcMillis", d.hlcMillis());
      ArrayNode parents = item.putArray("parents");
      d.parents().forEach(p -> parents.add(p.toBase58()));
      ObjectNode actions = item.putObject("actions");
      d.actions().forEach(actions::put);
    }
    if (page.next().isPresent()) {
      out.put("next", page.next().get());
    } else {
      out.putNull("next");
    }
    return out;
  }

  public static ObjectNode json(StateDiff diff) {
    ObjectNode out = Json.mapper().createObjectNode();
    if (diff.from() == null) {
      out.putNull("from");
    } else {
      out.put("from", diff.from().toBase58());
    }
    out.put("to", diff.to().toBase58());
    out.put("truncated", diff.truncated());
    ObjectNode collections = out.putObject("collections");
    for (Map.Entry<String, StateDiff.CollectionDiff> e :
        new java.util.TreeMap<>(diff.collections()).entrySet()) {
      ObjectNode c = collections.putObject(e.getKey());
      ArrayNode added = c.putArray("added");
      e.getValue()
          .added()
          .forEach(x -> added.addObject().put("key", x.key()).put("value", x.value()));
      ArrayNode removed = c.putArray("removed");
      e.getValue()
          .removed()
          .forEach(x -> removed.addObject().put("key", x.key()).put("value", x.value()));
      ArrayNode changed = c.putArray("changed");
      e.getValue()
          .changed()
          .forEach(
              x ->
                  changed
                      .addObject()
                      .put("key", x.key())
                      .put("before", x.before())
                      .put("after", x.after()));
    }
    return out;
  }

  /** A method given by its name and body. */
  private record Named(String name, Body body) implements JsonRpcMethod {
    @Override
    public JsonNode call(ObjectNode params, Caller caller) {
      return body.call(params, caller);
    }
  }

  @FunctionalInterface
  private interface Body {
    JsonNode call(ObjectNode params, Caller caller);
  }
}
