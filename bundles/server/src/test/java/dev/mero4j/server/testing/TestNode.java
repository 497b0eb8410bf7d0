package dev.mero4j.server.testing;

import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.server.ApiServer;
import dev.mero4j.server.ApiServerConfig;
import dev.mero4j.server.NodeInfo;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A started API server on 127.0.0.1 and a free port, over the runtime under test. Swapping the fake
 * for the real runtime is the one line in {@link #runtime()}.
 */
public final class TestNode implements AutoCloseable {
  public final FakeKvRuntime runtime;
  public final ApiServer server;
  public final URI url;
  public final Api api;

  private TestNode(ApiServerConfig config, Clock clock) {
    this.runtime = runtime();
    this.server =
        new ApiServer(config, apps(runtime), contexts(runtime), nodeInfo(), clock, new Random(42));
    this.url = server.start();
    server.setReady(true);
    this.api = new Api(url);
  }

  /** The runtime the tests drive. */
  static FakeKvRuntime runtime() {
    return new FakeKvRuntime();
  }

  static ApplicationRegistry apps(FakeKvRuntime runtime) {
    return runtime.applications();
  }

  static ContextService contexts(FakeKvRuntime runtime) {
    return runtime.contexts();
  }

  public static TestNode start() {
    return start(ApiServerConfig.loopback(0));
  }

  public static TestNode start(ApiServerConfig config) {
    return new TestNode(config, Clock.systemUTC());
  }

  public static TestNode start(ApiServerConfig config, Clock clock) {
    return new TestNode(config, clock);
  }

  public static NodeInfo nodeInfo() {
    PublicKey key = PublicKey.fromBase58("11111111111111111111111111111112");
    return new NodeInfo() {
      @Override
      public Identity identity() {
        return new Identity(key, Optional.of("12D3KooWTestPeer"));
      }

      @Override
      public List<Peer> peers() {
        return List.of(new Peer("12D3KooWOther", List.of("/ip4/127.0.0.1/tcp/2429")));
      }

      @Override
      public java.util.OptionalLong replicationTaskFailures() {
        return java.util.OptionalLong.of(0);
      }
    };
  }

  @Override
  public void close() {
    server.close();
  }
}
