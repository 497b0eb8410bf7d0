package dev.mero4j.cli.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.cli.internal.Terminal;
import dev.mero4j.cli.internal.client.ClientException;
import dev.mero4j.cli.internal.client.ClientOptions;
import dev.mero4j.cli.internal.client.NodeClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j provider swap storage rocksdb} (or {@code transport libp2p --listen ADDR}): starts
 * a live swap and follows it to the end with a progress bar; exits 1 when the node rolled it back.
 */
@Command(
    name = "swap",
    description = "Swap a capability to another deployed provider while the node runs.",
    mixinStandardHelpOptions = true)
public final class ProviderSwapCommand implements Callable<Integer> {
  /** How often the job is polled while it runs. */
  static final Duration POLL = Duration.ofMillis(200);

  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Parameters(index = "0", description = "Capability: storage, wasm or transport.")
  String capability;

  @Parameters(index = "1", description = "Provider to swap to, e.g. rocksdb, wasmtime or libp2p.")
  String to;

  @Option(
      names = "--listen",
      paramLabel = "MULTIADDR",
      description =
          "Transport only: a listen address of the new transport (repeat for several); the same"
              + " provider with other addresses is re-opened there. Default: the current ones.")
  List<String> listen;

  @Option(names = "--no-wait", description = "Print the job id and return at once.")
  boolean noWait;

  @Override
  public Integer call() throws InterruptedException {
    NodeClient client = options.client();
    ObjectNode request = JsonNodeFactory.instance.objectNode().put("to", to);
    if (listen != null) {
      listen.forEach(request.putArray("listen")::add);
    }
    JsonNode job = client.post("/admin-api/providers/" + capability + "/swap", request);
    PrintWriter out = spec.commandLine().getOut();
    if (noWait) {
      out.println(options.json() ? job.toString() : job.path("id").asText());
      out.flush();
      return 0;
    }
    ProgressBar bar =
        new ProgressBar(spec.commandLine().getErr(), !options.json() && Terminal.interactive());
    while (!job.path("finished").asBoolean()) {
      bar.show(job);
      Thread.sleep(POLL.toMillis());
      job = client.get("/admin-api/providers/jobs/" + job.path("id").asText());
    }
    bar.end();
    if (options.json()) {
      out.println(job);
    } else if ("DONE".equals(job.path("phase").asText())) {
      out.printf(
          "transport".equals(capability)
              ? "%s swapped %s -> %s in %.1f s (no transport for %d ms; writes never paused)%n"
              : "%s swapped %s -> %s in %.1f s (writes paused %d ms)%n",
          capability,
          job.path("from").asText(),
          job.path("to").asText(),
          job.path("elapsedMillis").asLong() / 1000.0,
          job.path("pauseMillis").asLong());
    }
    out.flush();
    if (!"DONE".equals(job.path("phase").asText())) {
      throw new ClientException(
          "swap rolled back, still on "
              + job.path("from").asText()
              + ": "
              + job.path("errorType").asText()
              + ": "
              + job.path("error").asText());
    }
    return 0;
  }
}
