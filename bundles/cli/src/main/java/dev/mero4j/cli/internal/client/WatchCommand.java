package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j watch --context ID}: prints the context's events as they arrive (over SSE, resuming
 * after a dropped connection without losing events) until Ctrl-C or {@code --count} events.
 */
@Command(
    name = "watch",
    description = "Print a context's events as they arrive, until Ctrl-C.",
    mixinStandardHelpOptions = true)
public final class WatchCommand implements Callable<Integer> {
  /** Pause before reconnecting after the stream broke. */
  static final long RECONNECT_MILLIS = 1000;

  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(names = "--context", required = true, description = "Context id.")
  String context;

  @Option(names = "--count", description = "Exit after this many state mutations.")
  Integer count;

  private int seen;
  private String lastEventId;

  @Override
  public Integer call() throws InterruptedException {
    NodeClient client = options.client();
    PrintWriter out = spec.commandLine().getOut();
    if (!options.json) {
      spec.commandLine()
          .getErr()
          .println("Watching " + context + " on " + client.base() + " (Ctrl-C stops)");
      spec.commandLine().getErr().flush();
    }
    while (true) {
      String path =
          "/sse?contextIds="
              + URLEncoder.encode(context, StandardCharsets.UTF_8)
              + (lastEventId == null
                  ? ""
                  : "&lastEventId=" + URLEncoder.encode(lastEventId, StandardCharsets.UTF_8));
      try (InputStream stream = client.stream(path)) {
        if (read(stream, out)) {
          return 0;
        }
      } catch (IOException e) {
        spec.commandLine()
            .getErr()
            .println("stream interrupted (" + e.getMessage() + "); reconnecting");
      }
      Thread.sleep(RECONNECT_MILLIS);
    }
  }

  /** Reads events until the stream ends; true once {@code --count} events were printed. */
  private boolean read(InputStream stream, PrintWriter out) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    String id = null;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("data: ")) {
        JsonNode data = NodeClient.JSON.readTree(line.substring(6));
        if (id != null) {
          lastEventId = id;
        }
        if (data.has("result") && print(data.get("result"), out)) {
          return true;
        }
      } else if (line.isEmpty()) {
        id = null;
      }
    }
    return false;
  }

  private boolean print(JsonNode event, PrintWriter out) {
    if (options.json) {
      out.println(event);
    } else {
      JsonNode data = event.path("data");
      out.println(event.path("type").asText() + " root " + data.path("newRoot").asText());
      for (JsonNode appEvent : data.path("events")) {
        out.println("  " + appEvent.path("kind").asText() + " " + appEvent.path("data"));
      }
    }
    out.flush();
    seen++;
    return count != null && seen >= count;
  }
}
