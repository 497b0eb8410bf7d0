package dev.mero4j.cli.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mero4j.cli.internal.Terminal;
import dev.mero4j.cli.internal.client.ClientException;
import dev.mero4j.cli.internal.client.ClientOptions;
import dev.mero4j.cli.internal.client.NodeClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j provider swap storage rocksdb}: starts a live swap and follows it to the end with a
 * progress bar; exits 1 when the node rolled it back.
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

  @Parameters(index = "0", description = "Capability: storage or wasm.")
  String capability;

  @Parameters(index = "1", description = "Provider to swap to, e.g. rocksdb or wasmtime.")
  String to;

  @Option(names = "--no-wait", description = "Print the job id and return at once.")
  boolean noWait;

  @Override
  public Integer call() throws InterruptedException {
    NodeClient client = options.client();
    JsonNode job =
        client.post(
            "/admin-api/providers/" + capability + "/swap",
            JsonNodeFactory.instance.objectNode().put("to", to));
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
          "%s swapped %s -> %s in %.1f s (writes paused %d ms)%n",
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
