package dev.mero4j.cli.internal;

import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeException;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.NodeStatus;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.replication.SyncStatus;
import dev.mero4j.runtime.api.ApplicationInfo;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.CreatedContext;
import dev.mero4j.runtime.api.JoinUnavailableException;
import dev.mero4j.runtime.api.MemberRole;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j demo}: three nodes on 127.0.0.1 with real libp2p, MapDB and Chicory; kv-store
 * installed on each, a context created on the first that invites the others, one write per node,
 * and every node's view printed as it converges, with measured propagation times.
 */
@Command(
    name = "demo",
    description =
        "Start three local nodes, share a kv-store context by invitation, write on every node and watch them converge.",
    mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {
  /** How long a write may take to reach every node before the demo reports a failure. */
  private static final Duration PROPAGATION_TIMEOUT = Duration.ofSeconds(60);

  private static final int NODES = 3;

  /** The invitations are redeemed at once; a short validity keeps a leaked one useless. */
  private static final Duration INVITATION_VALIDITY = Duration.ofMinutes(10);

  /** How long a node may take to reach a member that can admit it. */
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration JOIN_RETRY = Duration.ofMillis(100);

  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      description = "Directory for the three node homes (default: a new temporary directory).")
  Path dir;

  @Option(
      names = "--app",
      description =
          "The kv-store .wasm to install (default: apps/kv-store.wasm of the distribution).")
  Path app;

  @Option(
      names = "--keep-running",
      description = "Keep the nodes running after the demo until Ctrl-C.")
  boolean keepRunning;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path base = dir != null ? dir : Files.createTempDirectory("mero4j-demo");
    byte[] wasm = readApp();
    List<Mero4jNode> nodes = new ArrayList<>();
    try {
      out.printf("Mero4j demo: %d nodes on 127.0.0.1 (homes in %s)%n", NODES, base);
      for (int i = 1; i <= NODES; i++) {
        nodes.add(
            startNode(
                base.resolve("node" + i),
                nodes.isEmpty() ? List.of() : List.of(dialAddress(nodes.get(0)))));
        NodeStatus status = nodes.get(i - 1).status().orElseThrow();
        out.printf("  node%d  peer %s  %s%n", i, status.peerId(), status.addresses().get(0));
      }
      ApplicationId appId = null;
      for (Mero4jNode node : nodes) {
        ApplicationInfo info =
            node.applications().orElseThrow().install(wasm, "apps/kv-store.wasm");
        appId = info.id();
      }
      out.printf("Installed kv-store (%s) on every node%n", appId);
      ContextService creator = nodes.get(0).contexts().orElseThrow();
      ContextId ctx = creator.create(appId, "{}").contextId();
      out.printf("node1 created context %s%n", ctx);
      for (int i = 1; i < NODES; i++) {
        String invitation =
            creator.invite(ctx, MemberRole.MEMBER, INVITATION_VALIDITY, Optional.empty());
        long start = System.nanoTime();
        PublicKey member = join(nodes.get(i), invitation).memberPublicKey();
        out.printf(
            "node1 invited node%d (invitation of %d chars); node%d joined as %s in %.1f ms%n",
            i + 1, invitation.length(), i + 1, member, (System.nanoTime() - start) / 1e6);
      }
      out.printf(
          "Members: %d, every payload sealed under the context key%n", creator.members(ctx).size());
      for (int i = 0; i < NODES; i++) {
        String key = "from-node" + (i + 1);
        String value = "hello from node" + (i + 1);
        long start = System.nanoTime();
        call(nodes.get(i), ctx, "set", "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}");
        StringBuilder line =
            new StringBuilder(String.format("node%d set %s -> visible on", i + 1, key));
        for (int j = 0; j < NODES; j++) {
          if (j != i) {
            line.append(
                String.format(
                    " node%d in %.1f ms", j + 1, awaitValue(nodes.get(j), ctx, key, value, start)));
          }
        }
        out.println(line);
        out.flush();
      }
      out.println("Views:");
      for (int i = 0; i < NODES; i++) {
        SyncStatus sync = nodes.get(i).replicator().orElseThrow().syncNow(ctx).get();
        out.printf(
            "  node%d %s root %s %s%n",
            i + 1,
            call(nodes.get(i), ctx, "entries", "{}"),
            sync.rootHash(),
            sync.synced() ? "(synced)" : "(syncing)");
      }
      boolean same =
          nodes.stream()
                  .map(n -> n.contexts().orElseThrow().get(ctx).orElseThrow().rootHash())
                  .distinct()
                  .count()
              == 1;
      out.println(
          same
              ? "All three nodes converged on the same root."
              : "The nodes have not converged yet.");
      out.flush();
      if (keepRunning) {
        out.println("Nodes keep running; press Ctrl-C to stop.");
        out.flush();
        Thread.currentThread().join();
      }
      return same ? 0 : 1;
    } finally {
      for (Mero4jNode node : nodes) {
        node.close();
      }
    }
  }

  private Mero4jNode startNode(Path home, List<String> bootstrap) {
    NodeHome nodeHome =
        Files.exists(home.resolve(NodeHome.CONFIG_FILE))
            ? NodeHome.open(home)
            : NodeHome.init(
                home,
                new NodeHome.InitOptions(1, 1, "libp2p", "chicory", false),
                new SecureRandom());
    NodeConfig c = nodeHome.loadConfig();
    NodeConfig config =
        new NodeConfig(
            c.identity(),
            new NodeConfig.Server("127.0.0.1", 0),
            new NodeConfig.Swarm("libp2p", List.of("/ip4/127.0.0.1/tcp/0"), bootstrap),
            c.storage(),
            new NodeConfig.Runtime("chicory"));
    Mero4jNode node =
        new Mero4jNode(
            nodeHome,
            config,
            nodeHome.loadIdentity(c),
            ProviderSet.fromServiceLoader(DemoCommand.class.getClassLoader()));
    node.start();
    return node;
  }

  /** Joins with an invitation, retrying while the node is still connecting to a member. */
  private static CreatedContext join(Mero4jNode node, String invitation)
      throws InterruptedException {
    long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
    while (true) {
      try {
        return node.contexts().orElseThrow().join(invitation);
      } catch (JoinUnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(JOIN_RETRY.toMillis());
      }
    }
  }

  private static String dialAddress(Mero4jNode node) {
    NodeStatus status = node.status().orElseThrow();
    String tcp =
        status.addresses().stream()
            .filter(a -> a.startsWith("/ip4/"))
            .findFirst()
            .orElseThrow(() -> new NodeException("node1 has no /ip4 listen address"));
    return tcp + "/p2p/" + status.peerId();
  }

  private static String call(Mero4jNode node, ContextId ctx, String method, String args) {
    return node.contexts().orElseThrow().execute(ctx, method, args, Optional.empty()).outputJson();
  }

  private static double awaitValue(
      Mero4jNode node, ContextId ctx, String key, String value, long start)
      throws InterruptedException {
    String expected = "\"" + value + "\"";
    long deadline = start + PROPAGATION_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (node.contexts().orElseThrow().get(ctx).isPresent()
          && expected.equals(call(node, ctx, "get", "{\"key\":\"" + key + "\"}"))) {
        return (System.nanoTime() - start) / 1e6;
      }
      Thread.sleep(1);
    }
    throw new LaunchException(
        "a write did not propagate within " + PROPAGATION_TIMEOUT.toSeconds() + " s");
  }

  private byte[] readApp() throws IOException {
    Path file =
        app != null ? app : Distribution.locate().root().resolve("apps").resolve("kv-store.wasm");
    if (!Files.isRegularFile(file)) {
      throw new LaunchException("no kv-store app at " + file + "; pass --app PATH");
    }
    return Files.readAllBytes(file);
  }
}
