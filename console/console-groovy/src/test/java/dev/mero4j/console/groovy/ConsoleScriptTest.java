package dev.mero4j.console.groovy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.node.Mero4jNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scripts run through {@link ConsoleShell} against an embedded node with the ABI probe app. */
class ConsoleScriptTest {
  @TempDir static Path dir;
  static Mero4jNode node;
  static ConsoleShell shell;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start(dir.resolve("home"));
    shell = TestNodes.shell(node);
    Path app = TestNodes.probeApp(dir);
    Result setup = run("install('" + app + "')\ncreate('abi-probe', [owner: 'ops'], 'kv')\n");
    assertThat(setup.code).as(setup.err).isZero();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  record Result(int code, String out, String err) {}

  static Result run(String code) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        shell.runScript(
            "test.groovy",
            code,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            false,
            "test",
            "tester",
            interrupt -> {});
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void callWritesStateAndReadsItBack() {
    Result r =
        run(
            """
        def c = ctx('kv')
        def result = c.call('set', [key: 'a', value: '1'])
        println "delta ${result.delta != null} events ${result.events*.kind}"
        println "get=" + c.call('get', key: 'a').output
        """);
    assertThat(r.err).isEmpty();
    assertThat(r.out).contains("delta true events [Inserted]").contains("get=1");
  }

  @Test
  void stateAndDagHeadsShowTheContext() {
    Result r =
        run(
            """
        ctx('kv').call('bump', [by: 2])
        def s = ctx('kv').state()
        println "alias=${s.alias} heads=${ctx('kv').dag().heads().size()}"
        show(ctx('kv').state())
        show(contexts)
        """);
    assertThat(r.err).isEmpty();
    assertThat(r.out).contains("alias=kv heads=1").contains("\"rootHash\" :").contains("alias  id");
  }

  @Test
  void membershipFromScripts() {
    Result r =
        run(
            """
        def c = ctx('kv')
        def invitation = c.invite('read-only', java.time.Duration.ofHours(1))
        println "invitation=${invitation.length() > 100} members=${c.members().size()} role=${c.members()[0].role} local=${c.members()[0].local}"
        println "default=${c.invite() != invitation}"
        """);
    assertThat(r.err).isEmpty();
    assertThat(r.out)
        .contains("invitation=true members=1 role=admin local=true")
        .contains("default=true");
    Result refused = run("contexts.join('not an invitation')\n");
    assertThat(refused.code).isEqualTo(1);
    assertThat(refused.err.strip())
        .startsWith("error: InvitationRefusedException")
        .doesNotContain("\n");
  }

  @Test
  void anErrorIsOneLineNamingTheScriptLine() {
    Result r = run("println 'before'\nctx('nope').call('get', [key: 'a'])\n");
    assertThat(r.code).isEqualTo(1);
    assertThat(r.out).contains("before");
    assertThat(r.err.strip())
        .startsWith("error: UnknownReferenceException: no context with alias or id 'nope'")
        .endsWith("(test.groovy line 2)")
        .doesNotContain("\n");
  }

  @Test
  void unknownAppMethodAndSyntaxErrorsAreOneLine() {
    assertThat(run("ctx('kv').call('fly')").err.strip())
        .isEqualTo(
            "error: MethodNotFoundException: the application has no method 'fly' (test.groovy line 1)");
    assertThat(run("ctx('kv'").err.strip())
        .startsWith("error: syntax error: ")
        .doesNotContain("\n");
  }

  @Test
  void contributedCommandsAreCalledByName() {
    Result r = run("println echo('kv', 2)\nprintln status()\nprintln peers()");
    assertThat(r.err).isEmpty();
    assertThat(r.out)
        .contains("echo [kv, 2] ctx=" + node.contexts().orElseThrow().list().get(0).id().toBase58())
        .contains("providers storage=mapdb transport=none wasm=chicory")
        .contains("[]");
  }

  @Test
  void whatTheNodeCannotDoYetFailsWithAnHonestLine() {
    assertThat(run("sync(ctx('kv'))").err)
        .contains(
            "error: NotSupportedByNodeException: not supported by this node yet: syncing contexts with peers");
    assertThat(run("provider.swap('wasm', 'nope')").err)
        .contains("wasm provider 'nope' is not deployed in this node (deployed: ");
    assertThat(run("provider.swap('wasm', 'chicory')").err)
        .contains("error: ProviderAlreadyActiveException");
  }

  @Test
  void dagWalkGoesFromTheHeadToTheRootOncePerDelta() {
    Result r =
        run(
            """
        ctx('kv').call('bump', [by: 1])
        ctx('kv').call('bump', [by: 1])
        def walked = []
        ctx('kv').dag().walk { d -> walked << d }
        def ids = walked*.id()*.toBase58()
        println "walked=${walked.size() >= 3} unique=${ids.unique(false).size() == ids.size()}"
        println "head=${ids[0] == ctx('kv').dag().heads()[0]} root=${walked[-1].parents().isEmpty()}"
        println "linked=${walked[0].parents()[0].toBase58() == ids[1]}"
        """);
    assertThat(r.err).isEmpty();
    assertThat(r.out)
        .contains("walked=true unique=true")
        .contains("head=true root=true")
        .contains("linked=true");
  }

  @Test
  void watchHandsEventsToTheClosure() {
    Result r =
        run(
            """
        def seen = []
        def w = watch('kv') { e -> seen << "${e.kind}:${e.data.key}" }
        ctx('kv').call('set', [key: 'w', value: 'x'])
        w.close()
        ctx('kv').call('set', [key: 'w2', value: 'x'])
        println seen
        """);
    assertThat(r.err).isEmpty();
    assertThat(r.out).contains("[Inserted:w]");
  }
}
