package dev.mero4j.server.internal.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.auth.Caller;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Json;
import java.util.Optional;
import java.util.Set;

/**
 * {@code sync_status}: params {@code {contextId}} → {@code {contextId, isInitialized,
 * syncState:{state}, failureCount, lastError?}}.
 */
public final class SyncStatusMethod implements JsonRpcMethod {
  private final ContextService contexts;
  private final NodeInfo node;

  public SyncStatusMethod(ContextService contexts, NodeInfo node) {
    this.contexts = contexts;
    this.node = node;
  }

  @Override
  public String name() {
    return "sync_status";
  }

  @Override
  public JsonNode call(ObjectNode params, Caller caller) {
    Json.requireKnownFields(params, Set.of("contextId"));
    ContextId id = Ids.context(params, "contextId");
    Optional<ContextInfo> info = contexts.get(id);
    if (info.isEmpty()) {
      throw new UnknownContextException("context " + id + " not found");
    }
    NodeInfo.SyncStatus status =
        node.syncStatus(id)
            .orElseGet(
                () ->
                    new NodeInfo.SyncStatus(
                        !Hash.ZERO.equals(info.get().rootHash()), "idle", 0, Optional.empty()));
    ObjectNode result = Json.mapper().createObjectNode();
    result.put("contextId", id.toBase58());
    result.put("isInitialized", status.initialized());
    ObjectNode state = result.putObject("syncState").put("state", status.state());
    status
        .snapshot()
        .ifPresent(
            p ->
                state
                    .putObject("snapshot")
                    .put("receivedBytes", p.receivedBytes())
                    .put("totalBytes", p.totalBytes()));
    result.put("failureCount", status.failureCount());
    status.lastError().ifPresent(e -> result.put("lastError", e));
    return result;
  }
}
