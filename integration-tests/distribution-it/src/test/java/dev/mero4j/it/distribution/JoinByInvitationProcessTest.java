package dev.mero4j.it.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An invitation is all a person needs: nodes made by the distribution's {@code init} and started
 * with {@code run}, with the default config (only the ports chosen free), join a context with
 * {@code mero4j context join INVITATION} alone (no application installed, no bootstrap peer) and
 * read each other's writes. One joiner runs with mDNS off, so only the invitation can have told it
 * where the inviter is; the other runs on pure defaults.
 */
class JoinByInvitationProcessTest {
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final List<ReplicaNode> nodes = new java.util.ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(ReplicaNode::close);
  }

  @Test
  void aJoinerWithOnlyTheInvitationFetchesTheAppAndConverges() throws Exception {
    ReplicaNode inviter = node("node1");
    ReplicaNode noMdns = node("node2");
    noMdns.mdnsOff();
    ReplicaNode defaults = node("node3");
    for (ReplicaNode node : nodes) {
      assertThat(node.config()).doesNotContainPattern("(?m)^bootstrap = \\[\\s*\"");
      node.start();
    }
    nodes.forEach(ReplicaNode::awaitReady);

    String app = inviter.install(NodeProcess.DIST.resolve("apps/kv-store.wasm"));
    String ctx = inviter.createContext(app);
    inviter.call(ctx, "set", "{\"key\":\"greeting\",\"value\":\"from node1\"}");

    for (ReplicaNode joiner : List.of(noMdns, defaults)) {
      String invitation = cli("context", "invite", "--context", ctx, "--home", inviter.home);
      assertThat(cli("context", "join", invitation, "--home", joiner.home)).isEqualTo(ctx);
      assertThat(joiner.hasContext(ctx)).isTrue();
      joiner.call(ctx, "set", "{\"key\":\"" + joiner.name + "\",\"value\":\"hi\"}");
    }
    for (ReplicaNode node : nodes) {
      await(node.name + " reads every write")
          .atMost(CONVERGE)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  "from node1".equals(get(node, ctx, "greeting"))
                      && "hi".equals(get(node, ctx, "node2"))
                      && "hi".equals(get(node, ctx, "node3")));
    }
  }

  private ReplicaNode node(String name) throws Exception {
    ReplicaNode node = ReplicaNode.initDefault(name, dir.resolve(name));
    nodes.add(node);
    return node;
  }

  private static String get(ReplicaNode node, String ctx, String key) {
    return node.call(ctx, "get", "{\"key\":\"" + key + "\"}").asText();
  }

  /** Runs a CLI command of the distribution and returns its last output line. */
  private static String cli(Object... args) throws Exception {
    String[] text = java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
    NodeProcess.Result result = NodeProcess.run(text);
    assertThat(result.exitCode())
        .as("mero4j %s: %s %s", String.join(" ", text), result.out(), result.err())
        .isZero();
    return result.out().get(result.out().size() - 1).strip();
  }
}
