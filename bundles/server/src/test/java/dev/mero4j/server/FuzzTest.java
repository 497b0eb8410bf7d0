package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.TestNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and mutated requests over the JSON-RPC and REST surface: never a 5xx, always a JSON
 * answer.
 */
class FuzzTest {
  static TestNode node;
  static Api api;
  static String context;

  static final List<String> TEMPLATES =
      List.of(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"execute\",\"params\":{\"contextId\":\"CTX\",\"method\":\"set\",\"argsJson\":{\"key\":\"k\",\"value\":\"v\"}}}",
          "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"sync_status\",\"params\":{\"contextId\":\"CTX\"}}",
          "{\"applicationId\":\"11111111111111111111111111111111\",\"initializationParams\":{}}",
          "{\"id\":\"1\",\"method\":\"subscribe\",\"params\":{\"contextIds\":[\"CTX\"]}}",
          "{\"path\":\"/tmp/none.wasm\"}");

  static final List<String> POST_ROUTES =
      List.of(
          "/jsonrpc",
          "/admin-api/contexts",
          "/sse/subscription",
          "/admin-api/install-dev-application",
          "/auth/token");

  static final List<String> GET_ROUTES =
      List.of(
          "/admin-api/contexts/",
          "/admin-api/applications/",
          "/admin-api/contexts/CTX/",
          "/sse/session/",
          "/admin-api/");

  @BeforeContainer
  static void start() {
    node = TestNode.start();
    api = node.api;
    context = api.createKvContext();
  }

  @AfterContainer
  static void stop() {
    node.close();
  }

  @Property(tries = 400)
  void postsNeverFailTheServer(@ForAll("routes") String route, @ForAll("bodies") String body) {
    Api.Response response = api.post(route, body.replace("CTX", context));
    assertThat(response.status()).as(route + " <- " + body).isLessThan(500);
    assertThat(response.json())
        .as(route + " <- " + body + " answered " + response.text())
        .isNotNull();
  }

  @Property(tries = 200)
  void getsNeverFailTheServer(
      @ForAll("getRoutes") String route, @ForAll("segments") String segment) {
    Api.Response response = api.send(api.request(route.replace("CTX", context) + segment).GET());
    assertThat(response.status()).as(route + segment).isLessThan(500);
    assertThat(response.json()).as(route + segment + " answered " + response.text()).isNotNull();
  }

  @Provide
  Arbitrary<String> routes() {
    return Arbitraries.of(POST_ROUTES);
  }

  @Provide
  Arbitrary<String> getRoutes() {
    return Arbitraries.of(GET_ROUTES);
  }

  @Provide
  Arbitrary<String> segments() {
    return Arbitraries.strings().withChars("abcXYZ0123456789-_.~").ofMaxLength(80);
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> template = Arbitraries.of(TEMPLATES);
    Arbitrary<String> mutated =
        Combinators.combine(
                template,
                Arbitraries.integers().between(0, 400),
                Arbitraries.strings()
                    .withChars("{}[]\":,0123456789.-eEtruefalsn \\u")
                    .ofMaxLength(6),
                Arbitraries.integers().between(0, 3))
            .as(FuzzTest::mutate);
    Arbitrary<String> random = Arbitraries.strings().ofMaxLength(200);
    Arbitrary<String> typeSwaps =
        template.map(t -> t.replace("\"CTX\"", "[1,{\"a\":null}]").replace("{}", "\"s\""));
    return Arbitraries.oneOf(mutated, mutated, random, typeSwaps);
  }

  private static String mutate(String template, int position, String insert, int operation) {
    int at = Math.min(position, template.length());
    return switch (operation) {
      case 0 -> template.substring(0, at);
      case 1 -> template.substring(0, at) + insert + template.substring(at);
      case 2 ->
          template.substring(0, at)
              + insert
              + template.substring(Math.min(template.length(), at + insert.length()));
      default -> template.replace("\"", at % 2 == 0 ? "'" : "\"\"");
    };
  }
}
