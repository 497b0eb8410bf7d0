package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.Bodies;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /admin-api/peers/connect} {@code {address, timeoutMs?}} → {@code {peerId}}: dials a
 * multiaddr and waits, at most the timeout, until the peer is connected.
 */
public final class ConnectPeerRoute implements Route {
  /** A multiaddr is well under this many characters. */
  static final int MAX_ADDRESS = 1024;

  static final int MAX_BODY = 4 * 1024;

  /** How long a connect waits when the request names no timeout. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The longest wait a request may ask for; it holds one server thread. */
  static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

  private final NodeInfo node;

  public ConnectPeerRoute(NodeInfo node) {
    this.node = node;
  }

  @Override
  public HandlerType method() {
    return HandlerType.POST;
  }

  @Override
  public String path() {
    return "/admin-api/peers/connect";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ObjectNode body = Json.parseObject(Bodies.read(ctx, MAX_BODY), Set.of("address", "timeoutMs"));
    String address = Json.text(body, "address").strip();
    if (address.isEmpty() || address.length() > MAX_ADDRESS || !address.startsWith("/")) {
      throw ApiException.invalidParams(
          "address",
          "address must be a multiaddr such as /ip4/192.0.2.1/tcp/2428/p2p/12D3KooW…, got '"
              + Json.truncate(address)
              + "'");
    }
    String peer = node.connect(address, timeout(body.get("timeoutMs")));
    Responses.data(ctx, Map.of("peerId", peer));
  }

  private static Duration timeout(JsonNode value) {
    if (value == null || value.isNull()) {
      return DEFAULT_TIMEOUT;
    }
    if (!value.isIntegralNumber()
        || value.asLong() < 1
        || value.asLong() > MAX_TIMEOUT.toMillis()) {
      throw ApiException.invalidParams(
          "timeoutMs", "timeoutMs must be an integer from 1 to " + MAX_TIMEOUT.toMillis());
    }
    return Duration.ofMillis(value.asLong());
  }
}
