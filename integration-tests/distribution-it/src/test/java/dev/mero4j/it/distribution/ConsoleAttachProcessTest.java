package dev.mero4j.it.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator console of nodes made by {@code mero4j init} and started by {@code mero4j run}
 * (Apache Felix, the default assembly): {@code mero4j console --attach --script} runs scripts
 * inside the running node, and on two real libp2p nodes sharing a context {@code sync(ctx)} and
 * {@code dag().walk} work on the replicated context.
 */
class ConsoleAttachProcessTest {
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final List<ReplicaNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(ReplicaNode::close);
  }

  @Test
  void attachingToARunNodeRunsAScriptThatCallsAContext() throws Exception {
    ReplicaNode node = start("node1");
    NodeProcess.Result result =
        attach(
            node,
            """
            def app = install('%s')
            def kv = create(app, [:], 'kv')
            kv.call('set', [key: 'greeting', value: 'attached'])
            println 'get=' + ctx('kv').call('get', [key: 'greeting']).output
            println 'id=' + kv.id
            println status()
            """
                .formatted(NodeProcess.DIST.resolve("apps/kv-store.wasm")));

    assertThat(result.exitCode()).as("stderr %s", result.err()).isZero();
    assertThat(result.out())
        .contains("get=attached")
        .anySatisfy(line -> assertThat(line).contains("providers storage=mapdb transport=libp2p"));
    String ctx = value(result, "id=");
    // The script ran inside the node process: its write is what the node's API serves.
    assertThat(node.call(ctx, "get", "{\"key\":\"greeting\"}").asText()).isEqualTo("attached");
  }

  @Test
  void aFailingScriptExitsWithOneAndOneErrorLine() throws Exception {
    ReplicaNode node = start("node1");
    NodeProcess.Result result = attach(node, "println 'before'\nctx('nope').call('get')\n");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).containsExactly("before");
    assertThat(result.err())
        .containsExactly(
            "error: UnknownReferenceException: no context with alias or id 'nope' (script.groovy line 2)");
  }

  @Test
  void syncAndDagWalkOnTwoRealNodesSharingAContext() throws Exception {
    ReplicaNode inviter = start("node1");
    ReplicaNode joiner = start("node2");
    String app = inviter.install(NodeProcess.DIST.resolve("apps/kv-store.wasm"));
    String ctx = inviter.createContext(app);
    assertThat(joiner.join(inviter.invite(ctx))).isEqualTo(ctx);
    joiner.call(ctx, "set", "{\"key\":\"from-node2\",\"value\":\"2\"}");
    for (int i = 0; i < 3; i++) {
      inviter.call(ctx, "set", "{\"key\":\"k" + i + "\",\"value\":\"v" + i + "\"}");
    }

    String walk =
        """
        def ids = []
        ctx('%s').dag().walk { d -> ids << d.id().toBase58() }
        println 'walk=' + ids.sort().join(',')
        """
            .formatted(ctx);
    NodeProcess.Result synced =
        attach(
            joiner,
            """
            println sync(ctx('%1$s'))
            println 'k2=' + ctx('%1$s').call('get', [key: 'k2']).output
            """
                    .formatted(ctx)
                + walk);
    assertThat(synced.exitCode()).as("stderr %s", synced.err()).isZero();
    assertThat(synced.out()).contains("sync of " + ctx + " done", "k2=v2");

    // Both nodes walk the same DAG: the writes of both authors, each delta once.
    await("node1 holds node2's write")
        .atMost(CONVERGE)
        .until(() -> "2".equals(inviter.call(ctx, "get", "{\"key\":\"from-node2\"}").asText()));
    String walkedOnJoiner = value(attach(joiner, walk), "walk=");
    NodeProcess.Result onInviter = attach(inviter, walk);
    assertThat(onInviter.exitCode()).as("stderr %s", onInviter.err()).isZero();
    assertThat(value(onInviter, "walk=")).isEqualTo(walkedOnJoiner);
    List<String> ids = List.of(walkedOnJoiner.split(","));
    assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4);
  }

  private ReplicaNode start(String name) throws Exception {
    ReplicaNode node = ReplicaNode.init(name, dir.resolve(name), "osgi");
    nodes.add(node);
    node.start();
    node.awaitReady();
    return node;
  }

  /** Runs {@code mero4j console --attach --script} against the running node. */
  private NodeProcess.Result attach(ReplicaNode node, String script) throws Exception {
    Path file = Files.writeString(dir.resolve("script.groovy"), script);
    return NodeProcess.run(
        "console", "--attach", "--home", node.home.toString(), "--script", file.toString());
  }

  private static String value(NodeProcess.Result result, String prefix) {
    return result.out().stream()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()).strip())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in " + result));
  }
}
