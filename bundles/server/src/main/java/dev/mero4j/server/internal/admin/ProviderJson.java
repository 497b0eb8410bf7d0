package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.ProviderAdmin;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.Json;

/** JSON of provider swap jobs, and the node's provider admin or a 503 when it has none. */
final class ProviderJson {
  private ProviderJson() {}

  static ProviderAdmin admin(NodeInfo node) {
    return node.providerAdmin()
        .orElseThrow(
            () -> new ApiException(ErrorKind.UNAVAILABLE, "this node cannot swap providers"));
  }

  static ObjectNode job(ProviderAdmin.Job job) {
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("id", job.id());
    out.put("capability", job.capability());
    out.put("from", job.from());
    out.put("to", job.to());
    out.put("phase", job.phase());
    out.put("finished", job.finished());
    out.put("done", job.done());
    out.put("total", job.total());
    out.put("pauseMillis", job.pauseMillis());
    out.put("elapsedMillis", job.elapsedMillis());
    job.errorType().ifPresent(t -> out.put("errorType", t));
    job.error().ifPresent(e -> out.put("error", e));
    return out;
  }
}
