package dev.mero4j.server.internal;

import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.server.ApiServerConfig;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.admin.ApplicationAbiRoute;
import dev.mero4j.server.internal.admin.BlobRoutes;
import dev.mero4j.server.internal.admin.ConnectPeerRoute;
import dev.mero4j.server.internal.admin.ContextIdentitiesRoute;
import dev.mero4j.server.internal.admin.CreateContextRoute;
import dev.mero4j.server.internal.admin.CreateInvitationRoute;
import dev.mero4j.server.internal.admin.DeleteApplicationRoute;
import dev.mero4j.server.internal.admin.DeleteContextRoute;
import dev.mero4j.server.internal.admin.DisconnectPeerRoute;
import dev.mero4j.server.internal.admin.GetApplicationRoute;
import dev.mero4j.server.internal.admin.GetContextRoute;
import dev.mero4j.server.internal.admin.HealthRoute;
import dev.mero4j.server.internal.admin.IdentityRoute;
import dev.mero4j.server.internal.admin.InstallApplicationRoute;
import dev.mero4j.server.internal.admin.InstallDevApplicationRoute;
import dev.mero4j.server.internal.admin.JoinContextRoute;
import dev.mero4j.server.internal.admin.ListApplicationsRoute;
import dev.mero4j.server.internal.admin.ListContextsRoute;
import dev.mero4j.server.internal.admin.ListMembersRoute;
import dev.mero4j.server.internal.admin.ListProvidersRoute;
import dev.mero4j.server.internal.admin.NetworkStatusRoute;
import dev.mero4j.server.internal.admin.PeersRoute;
import dev.mero4j.server.internal.admin.ProviderJobRoute;
import dev.mero4j.server.internal.admin.ReadyRoute;
import dev.mero4j.server.internal.admin.RemoveMemberRoute;
import dev.mero4j.server.internal.admin.RevokeInvitationRoute;
import dev.mero4j.server.internal.admin.SetMemberRoleRoute;
import dev.mero4j.server.internal.admin.SwapProviderRoute;
import dev.mero4j.server.internal.admin.TimeTravelRoutes;
import dev.mero4j.server.internal.admin.UploadApplicationRoute;
import dev.mero4j.server.internal.auth.Authenticator;
import dev.mero4j.server.internal.auth.Jwt;
import dev.mero4j.server.internal.auth.RefreshRoute;
import dev.mero4j.server.internal.auth.TokenBucketLimiter;
import dev.mero4j.server.internal.auth.TokenIssuer;
import dev.mero4j.server.internal.auth.TokenRoute;
import dev.mero4j.server.internal.dashboard.DagRoute;
import dev.mero4j.server.internal.dashboard.DagStreamRoute;
import dev.mero4j.server.internal.dashboard.DashboardAssetRoute;
import dev.mero4j.server.internal.dashboard.DashboardPageRoute;
import dev.mero4j.server.internal.dashboard.DeltaRoute;
import dev.mero4j.server.internal.events.EventHub;
import dev.mero4j.server.internal.http.BrowserGuard;
import dev.mero4j.server.internal.http.Cors;
import dev.mero4j.server.internal.http.ErrorMapper;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import dev.mero4j.server.internal.http.RouteRunner;
import dev.mero4j.server.internal.jsonrpc.ExecuteMethod;
import dev.mero4j.server.internal.jsonrpc.HistoryMethods;
import dev.mero4j.server.internal.jsonrpc.JsonRpcMethod;
import dev.mero4j.server.internal.jsonrpc.JsonRpcRoute;
import dev.mero4j.server.internal.jsonrpc.StateMethods;
import dev.mero4j.server.internal.jsonrpc.SyncStatusMethod;
import dev.mero4j.server.internal.metrics.Metrics;
import dev.mero4j.server.internal.metrics.MetricsRoute;
import dev.mero4j.server.internal.metrics.NodeMetrics;
import dev.mero4j.server.internal.sse.SseSessionRoute;
import dev.mero4j.server.internal.sse.SseSessions;
import dev.mero4j.server.internal.sse.SseStreamRoute;
import dev.mero4j.server.internal.sse.SseSubscriptionRoute;
import dev.mero4j.server.internal.ws.WsEndpoint;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Builds every handler of the API from the services and registers them with Javalin. */
public final class Assembly implements AutoCloseable {
  /** Threads for ordinary requests and WebSocket frames; each open SSE stream adds one. */
  static final int BASE_THREADS = 64;

  /** Keep-alive comment interval of SSE streams, under common proxy and Jetty idle timeouts. */
  static final Duration SSE_KEEP_ALIVE = Duration.ofSeconds(15);

  /** Open dashboard DAG streams (each holds a server thread, counted in the pool below). */
  static final int DAG_STREAMS = 8;

  private final ApiServerConfig config;
  private final EventHub hub;
  private final Metrics metrics = new Metrics();
  private final RouteRunner runner;
  private final Cors cors;
  private final Authenticator auth;
  private final List<Route> routes;
  private final WsEndpoint ws;
  private final SseSessions sseSessions;
  private final SseStreamRoute sseStream;

  public Assembly(
      ApiServerConfig config,
      ApplicationRegistry apps,
      ContextService contexts,
      NodeInfo node,
      Clock clock,
      Random random,
      BooleanSupplier ready,
      LongSupplier ticker) {
    this.config = config;
    ApiServerConfig.Limits limits = config.limits();
    this.hub = new EventHub(contexts);
    Optional<Jwt> jwt = config.auth().map(a -> new Jwt(a.jwtSecret(), clock, random));
    TokenBucketLimiter limiter =
        new TokenBucketLimiter(limits.authBurst(), limits.authAttemptsPerMinute(), clock);
    this.auth = new Authenticator(config.auth(), jwt, limiter);
    Optional<TokenIssuer> issuer = config.auth().map(a -> new TokenIssuer(a, jwt.orElseThrow()));
    BrowserGuard guard =
        new BrowserGuard(config.host(), config.allowedHosts(), config.allowedOrigins());
    this.runner = new RouteRunner(guard, auth, metrics, ticker);
    this.cors = new Cors(guard);
    ExecuteMethod execute = new ExecuteMethod(contexts, limits.maxArgsBytes(), metrics, ticker);
    this.ws =
        new WsEndpoint(
            guard,
            hub,
            execute,
            auth,
            limits.maxWebSockets(),
            limits.maxJsonBodyBytes(),
            limits.wsPingInterval());
    this.sseSessions =
        new SseSessions(
            hub,
            clock,
            random,
            limits.maxSseSessions(),
            limits.sseReplayEvents(),
            limits.sseSessionTtl());
    Duration keepAlive =
        limits.wsPingInterval().compareTo(SSE_KEEP_ALIVE) < 0
            ? limits.wsPingInterval()
            : SSE_KEEP_ALIVE;
    this.sseStream = new SseStreamRoute(sseSessions, limits.maxSseStreams(), keepAlive);
    List<Route> base =
        List.of(
            new HealthRoute(),
            new ReadyRoute(ready),
            new IdentityRoute(node),
            new PeersRoute(node),
            new NetworkStatusRoute(node),
            new ConnectPeerRoute(node),
            new DisconnectPeerRoute(node),
            new ListProvidersRoute(node),
            new SwapProviderRoute(node),
            new ProviderJobRoute(node),
            new InstallApplicationRoute(apps, limits.maxUploadBytes(), limits.downloadTimeout()),
            new InstallDevApplicationRoute(apps, limits.maxUploadBytes()),
            new UploadApplicationRoute(apps, limits.maxUploadBytes()),
            new ListApplicationsRoute(apps),
            new GetApplicationRoute(apps),
            new DeleteApplicationRoute(apps),
            new ApplicationAbiRoute(apps),
            new CreateContextRoute(contexts),
            new ListContextsRoute(contexts),
            new GetContextRoute(contexts),
            new DeleteContextRoute(contexts),
            new ContextIdentitiesRoute(contexts),
            new CreateInvitationRoute(contexts),
            new RevokeInvitationRoute(contexts),
            new JoinContextRoute(contexts),
            new ListMembersRoute(contexts),
            new RemoveMemberRoute(contexts),
            new SetMemberRoleRoute(contexts),
            new JsonRpcRoute(rpcMethods(execute, contexts, node), limits.maxJsonBodyBytes()),
            sseStream,
            new SseSubscriptionRoute(sseSessions),
            new SseSessionRoute(sseSessions),
            new DashboardPageRoute(),
            new DashboardAssetRoute(),
            new DagRoute(node),
            new DeltaRoute(node),
            new DagStreamRoute(node, hub, DAG_STREAMS, keepAlive),
            new TokenRoute(issuer, limiter, auth),
            new RefreshRoute(issuer, limiter, auth),
            new MetricsRoute(metrics));
    List<Route> all = new ArrayList<>(base);
    all.addAll(TimeTravelRoutes.of(contexts));
    all.addAll(BlobRoutes.of(node));
    this.routes = List.copyOf(all);
    registerGauges(apps, contexts, node);
  }

  public void configure(JavalinConfig javalin) {
    ApiServerConfig.Limits limits = config.limits();
    javalin.startup.showJavalinBanner = false;
    javalin.startup.showOldJavalinVersionWarning = false;
    javalin.http.maxRequestSize = limits.maxUploadBytes();
    javalin.http.prefer405over404 = true;
    javalin.jetty.threadPool =
        new QueuedThreadPool(BASE_THREADS + limits.maxSseStreams() + DAG_STREAMS, 8, 60_000);
    javalin.jetty.modifyWebSocketServletFactory(
        factory -> {
          factory.setMaxTextMessageSize(limits.maxJsonBodyBytes());
          factory.setMaxBinaryMessageSize(64 * 1024);
          factory.setIdleTimeout(limits.wsPingInterval().multipliedBy(2).plusSeconds(10));
        });
    for (Route route : routes) {
      javalin.routes.addHttpHandler(route.method(), route.path(), runner.wrap(route));
    }
    // Preflights on the API's own paths only: any other path stays a 404 for every method.
    routes.stream()
        .map(Route::path)
        .distinct()
        .forEach(path -> javalin.routes.addHttpHandler(HandlerType.OPTIONS, path, cors));
    javalin.routes.addHttpHandler(HandlerType.OPTIONS, WsEndpoint.PATH, cors);
    javalin.routes.wsBeforeUpgrade(WsEndpoint.PATH, ws::beforeUpgrade);
    javalin.routes.ws(WsEndpoint.PATH, ws::configure);
    javalin.routes.exception(Exception.class, (e, ctx) -> Responses.error(ctx, ErrorMapper.map(e)));
    javalin.routes.exception(
        HttpResponseException.class, (e, ctx) -> Responses.error(ctx, ErrorMapper.map(e)));
  }

  public void startEvents() {
    hub.start();
  }

  private void registerGauges(ApplicationRegistry apps, ContextService contexts, NodeInfo node) {
    metrics.gauge(
        "mero4j_websocket_connections",
        "Open WebSocket connections.",
        () -> Map.of("", (double) ws.openConnections()));
    metrics.gauge(
        "mero4j_sse_streams",
        "Open SSE streams.",
        () -> Map.of("", (double) sseStream.openStreams()));
    metrics.gauge(
        "mero4j_sse_sessions",
        "SSE sessions kept for resume.",
        () -> Map.of("", (double) sseSessions.size()));
    metrics.gauge(
        "mero4j_applications",
        "Installed applications.",
        () -> Map.of("", (double) apps.list().size()));
    metrics.gauge(
        "mero4j_contexts",
        "Contexts on this node.",
        () -> Map.of("", (double) contexts.list().size()));
    metrics.gauge(
        "mero4j_context_dag_heads",
        "DAG heads per context.",
        () -> {
          Map<String, Double> values = new java.util.HashMap<>();
          contexts
              .list()
              .forEach(
                  c ->
                      values.put(
                          "context=\"" + c.id().toBase58() + "\"", (double) c.dagHeads().size()));
          return values;
        });
    metrics.gauge(
        "mero4j_replication_task_failures",
        "Replication task runs that failed (logged; replication goes on).",
        () -> {
          OptionalLong failures = node.replicationTaskFailures();
          return failures.isPresent() ? Map.of("", (double) failures.getAsLong()) : Map.of();
        });
    metrics.gauge(
        "mero4j_context_dag_deltas",
        "Deltas in each context's DAG.",
        () -> {
          Map<String, Double> values = new java.util.HashMap<>();
          node.dagSizes()
              .forEach(
                  (id, size) -> values.put("context=\"" + id.toBase58() + "\"", (double) size));
          return values;
        });
    NodeMetrics.register(metrics, contexts, node);
  }

  @Override
  public void close() {
    sseSessions.close();
    hub.close();
  }

  private static List<JsonRpcMethod> rpcMethods(
      ExecuteMethod execute, ContextService contexts, NodeInfo node) {
    List<JsonRpcMethod> methods =
        new ArrayList<>(List.of(execute, new SyncStatusMethod(contexts, node)));
    methods.addAll(HistoryMethods.of(contexts));
    methods.addAll(StateMethods.of(contexts));
    return methods;
  }
}
