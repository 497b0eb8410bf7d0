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

/** {@code ctx(..).at(delta)}, {@code history} and {@code diff} in scripts on an embedded node. */
class TimeTravelConsoleTest {
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
            "travel.groovy",
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
  void aScriptReadsThePastComparesCutsAndCannotWriteThere() {
    String[] r =
        run(
            """
        def c = ctx('kv')
        def old = c.call('set', [key: 'tt', value: 'old']).delta.toString()
        def now = c.call('set', [key: 'tt', value: 'new']).delta.toString()
        println "past=" + c.at(old).call('get', key: 'tt').output
        println "live=" + c.call('get', key: 'tt').output
        println "latest=" + (c.history(1)[0].id().toString() == now)
        println "changed=" + c.diff(old, now).collections().kv.changed()*.key()
        try {
          c.at(old).call('set', [key: 'tt', value: 'x'])
        } catch (e) {
          println "refused=" + e.class.simpleName
        }
        println "still=" + c.call('get', key: 'tt').output
        """);
    assertThat(r[2]).isEmpty();
    assertThat(r[1])
        .contains("past=old")
        .contains("live=new")
        .contains("latest=true")
        .contains("changed=[tt]")
        .contains("refused=ReadOnlyRequiredException")
        .contains("still=new");
  }
}
