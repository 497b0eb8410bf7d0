package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.cli.internal.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j app install FILE|URL}: uploads a file (with a progress bar) or has the node
 * download a URL.
 */
@Command(
    name = "install",
    description =
        "Install an application from a .wasm/bundle FILE or an http(s) URL; prints its id.",
    mixinStandardHelpOptions = true)
public final class AppInstallCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Parameters(
      paramLabel = "FILE|URL",
      description = "Application file to upload, or URL the node downloads.")
  String source;

  @Override
  public Integer call() throws IOException {
    NodeClient client = options.client();
    Output output = new Output(spec.commandLine().getOut(), options.json);
    JsonNode data;
    if (source.startsWith("http://") || source.startsWith("https://")) {
      data =
          client.post(
              "/admin-api/install-application",
              NodeClient.JSON.createObjectNode().put("url", source));
    } else {
      Path file = Path.of(source);
      if (!Files.isRegularFile(file)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "no file at " + file);
      }
      byte[] bytes = Files.readAllBytes(file);
      ProgressBar bar =
          new ProgressBar(
              spec.commandLine().getErr(),
              "Uploading " + file.getFileName(),
              bytes.length,
              Terminal.interactive() && !options.json);
      String query =
          "?source="
              + java.net.URLEncoder.encode(
                  file.getFileName().toString(), java.nio.charset.StandardCharsets.UTF_8);
      data = client.upload("/admin-api/applications" + query, bytes, bar::update);
      bar.done();
    }
    output.print(data, data.path("applicationId").asText());
    return 0;
  }

  /** A one-line text progress bar on stderr, drawn only on a terminal. */
  static final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean enabled;

    ProgressBar(PrintWriter err, String label, long total, boolean enabled) {
      this.err = err;
      this.label = label;
      this.total = Math.max(1, total);
      this.enabled = enabled;
    }

    void update(long sent) {
      if (!enabled) {
        return;
      }
      int filled = (int) (WIDTH * sent / total);
      err.print(
          "\r"
              + label
              + " ["
              + "#".repeat(filled)
              + "-".repeat(WIDTH - filled)
              + "] "
              + (100 * sent / total)
              + "%");
      err.flush();
    }

    void done() {
      if (enabled) {
        err.println();
        err.flush();
      }
    }
  }
}
