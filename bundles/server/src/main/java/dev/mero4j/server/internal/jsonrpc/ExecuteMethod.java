package dev.mero4j.server.internal.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.server.internal.auth.Caller;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.ErrorMapper;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * {@code execute}: params {@code {contextId, method, argsJson, executorPublicKey?, at?}} → {@code
 * {output}}; shared by JSON-RPC and WebSocket. With {@code at} (a delta id) a read-only method runs
 * against the state as it stood at that delta (docs/time-travel.md).
 */
public final class ExecuteMethod implements JsonRpcMethod {
  /** Calimero's bound on method names. */
  public static final int MAX_METHOD_NAME = 256;

  private static final Pattern METHOD_NAME =
      Pattern.compile("[A-Za-z0-9_]{1," + MAX_METHOD_NAME + "}");
  private static final Set<String> FIELDS =
      Set.of("contextId", "method", "argsJson", "executorPublicKey", "at");

  private final ContextService contexts;
  private final int maxArgsBytes;
  private final Metrics metrics;
  private final LongSupplier ticker;

  public ExecuteMethod(
      ContextService contexts, int maxArgsBytes, Metrics metrics, LongSupplier ticker) {
    this.contexts = contexts;
    this.maxArgsBytes = maxArgsBytes;
    this.metrics = metrics;
    this.ticker = ticker;
  }

  @Override
  public String name() {
    return "execute";
  }

  @Override
  public JsonNode call(ObjectNode params, Caller caller) {
    Json.requireKnownFields(params, FIELDS);
    ContextId context = Ids.context(params, "contextId");
    String method = Json.text(params, "method");
    if (!METHOD_NAME.matcher(method).matches()) {
      throw ApiException.invalidParams(
          "method", "'method' must be 1-" + MAX_METHOD_NAME + " characters of A-Z, a-z, 0-9 and _");
    }
    String args = argsText(params.get("argsJson"));
    Optional<PublicKey> executor = executor(params);
    Optional<DeltaId> at = at(params);
    long start = ticker.getAsLong();
    try {
      ExecutionResult result =
          at.isPresent()
              ? contexts.executeAt(context, at.get(), method, args, executor)
              : contexts.execute(context, method, args, executor);
      JsonNode output = output(method, result.outputJson());
      metrics.execution("ok", ticker.getAsLong() - start);
      ObjectNode body = Json.mapper().createObjectNode();
      body.set("output", output);
      return body;
    } catch (RuntimeException e) {
      metrics.execution(ErrorMapper.map(e).kind().detail(), ticker.getAsLong() - start);
      throw e;
    }
  }

  /**
   * The member to run as; absent, null or empty (what Calimero's JS client sends by default) means
   * the node's own member identity in the context.
   */
  private static Optional<PublicKey> executor(ObjectNode params) {
    JsonNode node = params.get("executorPublicKey");
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    String text = Json.text(params, "executorPublicKey");
    return text.isEmpty()
        ? Optional.empty()
        : Optional.of(Ids.publicKey("executorPublicKey", text));
  }

  /** The delta to run at; absent or null means the live state. */
  private static Optional<DeltaId> at(ObjectNode params) {
    JsonNode node = params.get("at");
    return node == null || node.isNull()
        ? Optional.empty()
        : Optional.of(Ids.delta("at", Json.text(params, "at")));
  }

  /** The app's output as a tree, never spliced as text: output that is not JSON is a failure. */
  private static JsonNode output(String method, String output) {
    if (output == null || output.isBlank()) {
      return NullNode.getInstance();
    }
    return Json.parseAppValue(output)
        .orElseThrow(
            () ->
                new ApiException(
                    ErrorKind.EXECUTION_FAILED,
                    method + ": the application's output is not JSON",
                    Map.of("method", method)));
  }

  private String argsText(JsonNode args) {
    if (args == null || args.isNull()) {
      return "{}";
    }
    String text = args.toString();
    if (text.length() * 3L > maxArgsBytes
        && text.getBytes(StandardCharsets.UTF_8).length > maxArgsBytes) {
      throw new ApiException(
          ErrorKind.LIMIT_EXCEEDED,
          "'argsJson' larger than " + maxArgsBytes + " bytes",
          Map.of("field", "argsJson", "limit", maxArgsBytes));
    }
    return text;
  }
}
