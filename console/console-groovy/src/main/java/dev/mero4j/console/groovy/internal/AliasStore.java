package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleException;
import dev.mero4j.primitives.ContextId;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Context aliases of one node home, kept in {@code console/aliases.properties}. Thread-safe. */
public final class AliasStore {
  /** Aliases are short names operators type; ids are 44 Base58 characters, so they cannot clash. */
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,39}");

  private final Path file;

  public AliasStore(Path file) {
    this.file = file;
  }

  public synchronized Map<String, ContextId> all() {
    Map<String, ContextId> aliases = new TreeMap<>();
    load().forEach((k, v) -> aliases.put((String) k, ContextId.fromBase58((String) v)));
    return aliases;
  }

  public Optional<ContextId> get(String alias) {
    return Optional.ofNullable(all().get(alias));
  }

  public Optional<String> aliasOf(ContextId id) {
    return all().entrySet().stream()
        .filter(e -> e.getValue().equals(id))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  public synchronized void put(String alias, ContextId id) {
    if (!ALIAS.matcher(alias).matches()) {
      throw new ConsoleException(
          "alias '"
              + alias
              + "' is not valid: use a letter then up to 39 letters, digits, '_', '.' or '-'");
    }
    Properties properties = load();
    properties.setProperty(alias, id.toBase58());
    store(properties);
  }

  public synchronized boolean remove(String alias) {
    Properties properties = load();
    boolean removed = properties.remove(alias) != null;
    store(properties);
    return removed;
  }

  private Properties load() {
    Properties properties = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        properties.load(in);
      } catch (IOException e) {
        throw new ConsoleException("cannot read aliases from " + file + ": " + e.getMessage(), e);
      }
    }
    return properties;
  }

  private void store(Properties properties) {
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      try (Writer out = Files.newBufferedWriter(temp)) {
        properties.store(out, "Mero4j console context aliases");
      }
      Files.move(
          temp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ConsoleException("cannot write aliases to " + file + ": " + e.getMessage(), e);
    }
  }
}
