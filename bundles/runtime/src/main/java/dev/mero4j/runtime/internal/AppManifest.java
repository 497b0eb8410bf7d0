package dev.mero4j.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mero4j.runtime.api.AppAbi;
import dev.mero4j.runtime.api.InvalidApplicationException;
import dev.mero4j.runtime.internal.host.HostAbi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON manifest an app carries in its {@code mero4j.abi} custom section: {@code
 * {"abi":1,"name":…,"version":…,"methods":[{"name":…,"readOnly":…}],"events":[…]}}.
 */
public record AppManifest(String name, String version, AppAbi abi) {
  /** Name of the custom section that holds the manifest. */
  public static final String SECTION = "mero4j.abi";

  private static final ObjectMapper JSON = new ObjectMapper();

  public static AppManifest parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new InvalidApplicationException(
          "the " + SECTION + " section is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidApplicationException("the " + SECTION + " section must hold a JSON object");
    }
    int abi = root.path("abi").asInt(-1);
    if (abi != HostAbi.VERSION) {
      throw new InvalidApplicationException(
          "the app targets host ABI "
              + root.path("abi")
              + "; this node speaks ABI "
              + HostAbi.VERSION);
    }
    List<AppAbi.Method> methods = new ArrayList<>();
    for (JsonNode m : root.path("methods")) {
      String name = m.path("name").asText("");
      if (name.isEmpty()) {
        throw new InvalidApplicationException("a method in " + SECTION + " has no name");
      }
      methods.add(new AppAbi.Method(name, m.path("readOnly").asBoolean(false)));
    }
    List<String> events = new ArrayList<>();
    for (JsonNode e : root.path("events")) {
      events.add(e.asText());
    }
    return new AppManifest(
        root.path("name").asText("unnamed"),
        root.path("version").asText("0.0.0"),
        new AppAbi(methods, events));
  }

  public static String toJson(AppManifest manifest) {
    var node =
        JSON.createObjectNode()
            .put("abi", HostAbi.VERSION)
            .put("name", manifest.name())
            .put("version", manifest.version());
    var methods = node.putArray("methods");
    manifest
        .abi()
        .methods()
        .forEach(m -> methods.addObject().put("name", m.name()).put("readOnly", m.readOnly()));
    var events = node.putArray("events");
    manifest.abi().events().forEach(events::add);
    return node.toString();
  }
}
