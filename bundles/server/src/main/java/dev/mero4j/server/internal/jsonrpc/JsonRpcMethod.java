package dev.mero4j.server.internal.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.internal.auth.Caller;

/** One JSON-RPC method: validates its params and returns the {@code result} value. */
public interface JsonRpcMethod {
  String name();

  JsonNode call(ObjectNode params, Caller caller);
}
