package dev.mero4j.cli.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.cli.internal.client.ClientOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mero4j provider list}: each swappable capability with its active provider marked. */
@Command(
    name = "list",
    description = "Show each capability's active provider (*) and the others deployed.",
    mixinStandardHelpOptions = true)
public final class ProviderListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Override
  public Integer call() {
    JsonNode data = options.client().get("/admin-api/providers");
    PrintWriter out = spec.commandLine().getOut();
    if (options.json()) {
      out.println(data);
    } else {
      for (JsonNode capability : data.path("capabilities")) {
        String active = capability.path("active").asText();
        List<String> names = new ArrayList<>();
        capability
            .path("deployed")
            .forEach(
                name ->
                    names.add(name.asText().equals(active) ? name.asText() + "*" : name.asText()));
        out.printf("%-9s %s%n", capability.path("capability").asText(), String.join("  ", names));
      }
    }
    out.flush();
    return 0;
  }
}
