package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.runtime.api.AppAbi;
import dev.mero4j.runtime.api.ApplicationInfo;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.server.internal.http.Json;

/** JSON shapes of applications and contexts in admin responses; ids and hashes in base58. */
final class AdminJson {
  private AdminJson() {}

  static ObjectNode application(ApplicationInfo app) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("id", app.id().toBase58());
    node.put("name", app.name());
    node.put("version", app.version());
    node.put("size", app.size());
    node.put("source", app.source());
    node.put("wasmHash", app.wasmHash().toBase58());
    return node;
  }

  static ObjectNode abi(AppAbi abi) {
    ObjectNode node = Json.mapper().createObjectNode();
    ArrayNode methods = node.putArray("methods");
    abi.methods()
        .forEach(m -> methods.addObject().put("name", m.name()).put("readOnly", m.readOnly()));
    ArrayNode events = node.putArray("events");
    abi.events().forEach(events::add);
    return node;
  }

  static ObjectNode context(ContextInfo context) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("id", context.id().toBase58());
    node.put("applicationId", context.applicationId().toBase58());
    node.put("rootHash", context.rootHash().toBase58());
    ArrayNode heads = node.putArray("dagHeads");
    for (DeltaId head : context.dagHeads()) {
      heads.add(head.toBase58());
    }
    return node;
  }
}
