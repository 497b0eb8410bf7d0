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

/** {@code ctx(..).state(..)}, {@code at(d).state(..)} and {@code deltaDiff} on an embedded node. */
class StateConsoleTest {
  @TempDir static Path dir;
  static Mero4jNode node;
  static ConsoleShell shell;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start(dir.resolve("home"));
    shell = TestNodes.shell(node);
    Path app = TestNodes.probeApp(dir);
    String[] setup = run("install('" + app + "')\ncreate('abi-probe', [owner: 'ops'], 'kv')\n");
    assertThat(setup[0]).as(setup[1]).isEqualTo("0");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** Exit code, stdout, stderr. */
  static String[] run(String code) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        shell.runScript(
            "state.groovy",
            code,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            false,
            "test",
            "tester",
            interrupt -> {});
    return new String[] {Integer.toString(exit), out.toString(), err.toString()};
  }

  @Test
  void aScriptBrowsesTheLiveAndThePastStateAndADeltasChanges() {
    String[] r =
        run(
            """
        def c = ctx('kv')
        def old = c.call('set', [key: 'sa', value: 'one']).delta.toString()
        c.call('set', [key: 'sb', value: 'two'])
        c.call('remove', [key: 'sa'])
        println "root=" + c.state('').entries()*.key()
        println "pastRoot=" + c.at(old).state().entries()*.key()
        def kv = c.state('kv')
        println "type=" + kv.type().get()
        println "deleted=" + kv.entries().findAll { it.deleted() }*.key()
        println "live=" + kv.entries().findAll { !it.deleted() }*.key()
        println "past=" + c.at(old).state('kv').entries().findAll { !it.deleted() }*.key()
        def first = c.state('kv', null, 1)
        println "paged=" + first.entries()*.key() + c.state('kv', first, 1).entries()*.key()
        println "own=" + c.deltaDiff(old).changes().collections().kv.added()*.key()
        try {
          c.state('nope')
        } catch (e) {
          println "refused=" + e.class.simpleName
        }
        """);
    assertThat(r[2]).isEmpty();
    assertThat(r[1])
        .contains("root=[calls, doc, kv, owner]")
        .contains("pastRoot=[calls, doc, kv, owner]")
        .contains("type=UNORDERED_MAP")
        .contains("deleted=[sa]")
        .contains("live=[sb]")
        .contains("past=[sa]")
        .contains("paged=[sa][sb]")
        .contains("own=[sa]")
        .contains("refused=UnknownPathException");
  }
}
