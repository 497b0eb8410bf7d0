package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleException;
import dev.mero4j.console.api.UnknownReferenceException;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.runtime.api.AppAbi;
import dev.mero4j.runtime.api.ApplicationInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The {@code apps} variable: installed applications, shown as a table. */
public final class AppsView implements Tabular {
  private final ShellSession session;

  AppsView(ShellSession session) {
    this.session = session;
  }

  /** Installs a {@code .wasm} module or an application bundle from a file on the node's machine. */
  public Map<String, Object> install(String path) {
    Path file = Path.of(path).toAbsolutePath();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConsoleException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return row(session.applications().install(bytes, file.toString()));
  }

  public List<ApplicationInfo> list() {
    return session.applications().list();
  }

  public ApplicationInfo get(Object reference) {
    ApplicationId id = resolve(reference);
    return session.applications().get(id).orElseThrow();
  }

  public String delete(Object reference) {
    ApplicationId id = resolve(reference);
    session.applications().delete(id);
    return "deleted application " + id.toBase58();
  }

  /** The application with this name, id or unique id prefix. */
  ApplicationId resolve(Object reference) {
    if (reference instanceof ApplicationId id) {
      return id;
    }
    if (reference instanceof ApplicationInfo info) {
      return info.id();
    }
    if (reference instanceof Map<?, ?> map && map.get("id") != null) {
      return resolve(map.get("id"));
    }
    String text = String.valueOf(reference).strip();
    List<ApplicationInfo> matches =
        list().stream()
            .filter(
                a ->
                    a.name().equals(text)
                        || a.id().toBase58().equals(text)
                        || (text.length() >= ShellSession.MIN_ID_PREFIX
                            && a.id().toBase58().startsWith(text)))
            .collect(Collectors.toList());
    if (matches.size() == 1) {
      return matches.get(0).id();
    }
    if (matches.isEmpty()) {
      throw new UnknownReferenceException("no application named or with id '" + text + "'");
    }
    throw new UnknownReferenceException(
        "'" + text + "' matches " + matches.size() + " applications; use the id");
  }

  static Map<String, Object> row(ApplicationInfo app) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", app.id());
    row.put("name", app.name());
    row.put("version", app.version());
    row.put("size", app.size());
    row.put(
        "methods",
        app.abi().methods().stream().map(AppAbi.Method::name).collect(Collectors.joining(",")));
    row.put("source", app.source());
    return row;
  }

  @Override
  public List<Map<String, Object>> rows() {
    return list().stream().map(AppsView::row).collect(Collectors.toList());
  }

  @Override
  public String toString() {
    return "apps" + list().stream().map(ApplicationInfo::name).collect(Collectors.toList());
  }
}
