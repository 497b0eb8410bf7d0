package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mero4j app list}: one line per installed application. */
@Command(
    name = "list",
    description = "List installed applications.",
    mixinStandardHelpOptions = true)
public final class AppListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Override
  public Integer call() {
    JsonNode apps = options.client().get("/admin-api/applications").path("apps");
    StringBuilder text = new StringBuilder();
    for (JsonNode app : apps) {
      text.append(
          String.format(
              "%-46s %-20s %-10s %10d B  %s%n",
              app.path("id").asText(),
              app.path("name").asText(),
              app.path("version").asText(),
              app.path("size").asLong(),
              app.path("source").asText()));
    }
    new Output(spec.commandLine().getOut(), options.json)
        .print(
            apps, apps.isEmpty() ? "no applications installed" : text.toString().stripTrailing());
    return 0;
  }
}
