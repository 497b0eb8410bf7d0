package dev.mero4j.server.internal.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.DeltaDiff;
import dev.mero4j.runtime.api.StatePage;
import dev.mero4j.server.internal.auth.Caller;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Json;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The state browser over JSON-RPC (docs/time-travel.md, "State browser"):
 *
 * <ul>
 *   <li>{@code context_state}: params {@code {contextId, at?, path?, cursor?, limit?}} → without a
 *       path {@code {contextId, at, path: "", collections: [{name, type, size}], nextCursor}}, with
 *       one {@code {contextId, at, path, type, entries: [{key, type, value, author, hlc, deleted,
 *       size}], nextCursor}}.
 *   <li>{@code context_delta_diff}: params {@code {contextId, delta, limit?}} → what the delta
 *       changed against its parents' state, shaped like {@code context_diff} with {@code from} null
 *       and the delta's {@code parents} listed.
 * </ul>
 */
public final class StateMethods {
  /** Entries per page when the caller names no limit. */
  public static final int DEFAULT_STATE_LIMIT = 100;

  private StateMethods() {}

  /** Both methods over {@code contexts}. */
  public static List<JsonRpcMethod> of(ContextService contexts) {
    return List.of(state(contexts), deltaDiff(contexts));
  }

  static JsonRpcMethod state(ContextService contexts) {
    return new Method(
        "context_state",
        params -> {
          Json.requireKnownFields(params, Set.of("contextId", "at", "path", "cursor", "limit"));
          ContextId context = Ids.context(params, "contextId");
          Optional<DeltaId> at = optionalText(params, "at").map(t -> Ids.delta("at", t));
          String path = optionalText(params, "path").orElse("");
          int limit = limit(params.get("limit"), DEFAULT_STATE_LIMIT);
          return json(contexts.state(context, at, path, limit, optionalText(params, "cursor")));
        });
  }

  static JsonRpcMethod deltaDiff(ContextService contexts) {
    return new Method(
        "context_delta_diff",
        params -> {
          Json.requireKnownFields(params, Set.of("contextId", "delta", "limit"));
          ContextId context = Ids.context(params, "contextId");
          DeltaId delta = Ids.delta("delta", Json.text(params, "delta"));
          int limit = limit(params.get("limit"), HistoryMethods.DEFAULT_DIFF_LIMIT);
          return json(contexts.deltaDiff(context, delta, limit));
        });
  }

  private static Optional<String> optionalText(ObjectNode params, String field) {
    JsonNode node = params.get(field);
    return node == null || node.isNull() ? Optional.empty() : Optional.of(Json.text(params, field));
  }

  private static int limit(JsonNode node, int fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw ApiException.invalidParams("limit", "'limit' must be an integer");
    }
    return node.intValue();
  }

  /**
   * {@code ?limit=} of a REST route: the integer, or {@code fallback} when absent. The range is the
   * service's to check (its error names it).
   */
  public static int queryLimit(String text, int fallback) {
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw ApiException.invalidParams("limit", "'limit' must be an integer");
    }
  }

  /** The JSON of one page of the state browser. */
  public static ObjectNode json(StatePage page) {
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("contextId", page.context().toBase58());
    if (page.at().isPresent()) {
      out.put("at", page.at().get().toBase58());
    } else {
      out.putNull("at");
    }
    out.put("path", page.path());
    if (page.type().isEmpty()) {
      ArrayNode collections = out.putArray("collections");
      for (StatePage.Entry e : page.entries()) {
        ObjectNode item = collections.addObject().put("name", e.key()).put("type", e.type());
        size(item, e);
      }
    } else {
      out.put("type", page.type().get());
      ArrayNode entries = out.putArray("entries");
      for (StatePage.Entry e : page.entries()) {
        ObjectNode item = entries.addObject().put("key", e.key()).put("type", e.type());
        item.put("value", e.value().orElse(null));
        item.put("author", e.author().map(k -> k.toBase58()).orElse(null));
        item.put("hlc", e.hlc().orElse(null));
        item.put("deleted", e.deleted());
        size(item, e);
      }
    }
    out.put("nextCursor", page.next().orElse(null));
    return out;
  }

  private static void size(ObjectNode item, StatePage.Entry e) {
    if (e.size().isPresent()) {
      item.put("size", e.size().getAsInt());
    } else {
      item.putNull("size");
    }
  }

  /** {@code context_diff}'s JSON with {@code from} null and the delta's parents. */
  public static ObjectNode json(DeltaDiff diff) {
    ObjectNode out = HistoryMethods.json(diff.changes());
    ArrayNode parents = out.putArray("parents");
    diff.parents().forEach(p -> parents.add(p.toBase58()));
    return out;
  }

  /** A method given by its name and body. */
  private record Method(String name, Body body) implements JsonRpcMethod {
    @Override
    public JsonNode call(ObjectNode params, Caller caller) {
      return body.call(params);
    }
  }

  @FunctionalInterface
  private interface Body {
    JsonNode call(ObjectNode params);
  }
}
