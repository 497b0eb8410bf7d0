package dev.mero4j.templates.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.templates.it.MockHost.Call;
import dev.mero4j.templates.it.MockHost.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The prebuilt templates run against a mock of host ABI v1: arguments, results, errors, events,
 * collections.
 */
class HostedTemplatesTest {
  private static MockHost host(String template) throws IOException {
    return new MockHost(Files.readAllBytes(Toolchain.prebuilt(template)));
  }

  @Test
  void kvStoreSetsGetsListsAndRemoves() throws IOException {
    MockHost kv = host("kv-store");
    Call inserted = kv.call("set", "{\"key\":\"b\",\"value\":\"2\"}");
    assertThat(inserted.error()).isNull();
    assertThat(inserted.result()).isNull();
    assertThat(inserted.events())
        .containsExactly(new Event("Inserted", "{\"key\":\"b\",\"value\":\"2\"}", ""));
    assertThat(inserted.logs()).containsExactly("set b");
    kv.call("set", "{\"key\":\"a\",\"value\":\"1\"}");
    assertThat(kv.call("set", "{\"value\":\"3\",\"key\":\"b\"}").events())
        .containsExactly(new Event("Updated", "{\"key\":\"b\",\"value\":\"3\"}", ""));

    assertThat(kv.call("get", "{\"key\":\"b\"}").result()).isEqualTo("\"3\"");
    assertThat(kv.call("get", "{\"key\":\"zz\"}").result()).isEqualTo("null");
    assertThat(kv.call("entries", "{}").result()).isEqualTo("{\"a\":\"1\",\"b\":\"3\"}");
    assertThat(kv.call("len", "").result()).isEqualTo("2");
    assertThat(kv.call("len", "null").result()).isEqualTo("2");

    Call removed = kv.call("remove", "{\"key\":\"a\"}");
    assertThat(removed.result()).isEqualTo("\"1\"");
    assertThat(removed.events()).containsExactly(new Event("Removed", "{\"key\":\"a\"}", ""));
    assertThat(kv.call("remove", "{\"key\":\"a\"}").events()).isEmpty();
    assertThat(kv.call("len", "{}").result()).isEqualTo("1");
  }

  @Test
  void badArgumentsFailTheCallWithoutRunningTheMethod() throws IOException {
    MockHost kv = host("kv-store");
    Call unknown = kv.call("set", "{\"key\":\"a\",\"value\":\"1\",\"extra\":true}");
    assertThat(unknown.error())
        .contains("\"kind\":\"InvalidArguments\"")
        .contains("\"method\":\"set\"")
        .contains("extra");
    assertThat(unknown.events()).isEmpty();
    assertThat(kv.call("get", "{}").error()).contains("missing field `key`");
    assertThat(kv.call("len", "{\"x\":1}").error()).contains("InvalidArguments");
    assertThat(kv.call("get", "[1]").error()).contains("InvalidArguments");
    assertThat(kv.call("len", "{}").result()).isEqualTo("0");
  }

  @Test
  void aStoredValueOfTheWrongTypePanicsWithItsMessage() throws IOException {
    MockHost kv = host("kv-store");
    kv.call("set", "{\"key\":\"a\",\"value\":\"1\"}");
    MockState.Entity items =
        kv.state.entity(kv.state.child(new byte[32], "items".getBytes(StandardCharsets.UTF_8), 1));
    items.entries.replaceAll((k, v) -> "42".getBytes(StandardCharsets.UTF_8));
    Call broken = kv.call("get", "{\"key\":\"a\"}");
    assertThat(broken.panic())
        .startsWith("stored value does not match its type: invalid type: integer `42`");
    assertThat(broken.result()).isNull();
  }

  @Test
  void collabEditorCountsCodePoints() throws IOException {
    MockHost editor = host("collab-editor");
    assertThat(editor.call("insert", "{\"pos\":0,\"text\":\"héllo 世界\"}").error()).isNull();
    assertThat(editor.call("insert", "{\"pos\":6,\"text\":\"👋🏽 \"}").events())
        .containsExactly(new Event("Inserted", "{\"pos\":6,\"text\":\"👋🏽 \"}", ""));
    assertThat(editor.call("text", "{}").result()).isEqualTo("\"héllo 👋🏽 世界\"");
    assertThat(editor.call("len", "{}").result()).isEqualTo("11");

    assertThat(editor.call("delete", "{\"pos\":6,\"len\":2}").error()).isNull();
    assertThat(editor.call("insert", "{\"pos\":9,\"text\":\"!\"}").error()).isNull();
    assertThat(editor.call("text", "{}").result()).isEqualTo("\"héllo  世界!\"");
    assertThat(editor.call("insert", "{\"pos\":11,\"text\":\"x\"}").error())
        .contains("past the end");
    assertThat(editor.call("delete", "{\"pos\":5,\"len\":9}").error()).contains("past the end");
  }

  @Test
  void counterStartsFromInitAndMovesBothWays() throws IOException {
    MockHost counter = host("counter");
    assertThat(counter.call("init", "{\"start\":5}").error()).isNull();
    assertThat(counter.call("increment", "").result()).isEqualTo("6");
    Call added = counter.call("add", "{\"amount\":-10}");
    assertThat(added.result()).isEqualTo("-4");
    assertThat(added.events()).containsExactly(new Event("Changed", "{\"by\":-10}", ""));
    assertThat(counter.call("decrement", "{}").result()).isEqualTo("-5");
    assertThat(counter.call("value", "{}").result()).isEqualTo("-5");
    assertThat(host("counter").call("init", "{}").error()).isNull();
  }

  @Test
  void eventHandlersNameTheHandlerAndCountReceivedItems() throws IOException {
    MockHost inbox = host("event-handlers");
    Call added = inbox.call("add_item", "{\"item\":\"apple\"}");
    assertThat(added.result()).isEqualTo("true");
    assertThat(added.events())
        .containsExactly(new Event("ItemAdded", "{\"item\":\"apple\"}", "on_item_added"));
    assertThat(inbox.call("add_item", "{\"item\":\"apple\"}").result()).isEqualTo("false");

    MockHost receiver = host("event-handlers");
    Event event = added.events().get(0);
    assertThat(receiver.call(event.handler(), event.data()).result()).isEqualTo("1");
    assertThat(receiver.call(event.handler(), "{\"item\":\"pear\"}").logs())
        .containsExactly("received item pear (2 so far)");
    assertThat(receiver.call("received", "{}").result()).isEqualTo("2");
    assertThat(inbox.call("items", "{}").result()).isEqualTo("[\"apple\"]");
  }
}
