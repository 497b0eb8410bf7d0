package dev.mero4j.it.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Repackages a TCK's package as a bundle the framework can install, with the libraries it needs
 * that are not bundles (jqwik) embedded and exported.
 */
final class TckBundle {
  private TckBundle() {}

  /** One file of the bundle being written. */
  private record Entry(String name, byte[] bytes) {}

  /**
   * Writes {@code dir/<name>.jar}: {@code tck}'s package and resources, plus every class and
   * service file of the jars that hold {@code libraries}.
   */
  static Path of(String name, Path dir, Class<?> tck, Class<?>... libraries) throws IOException {
    String folder = tck.getPackageName().replace('.', '/') + "/";
    List<Entry> entries = new ArrayList<>();
    for (Entry entry : read(codeSource(tck))) {
      if (entry.name().startsWith(folder)) {
        entries.add(entry);
      }
    }
    for (Class<?> library : libraries) {
      for (Entry entry : read(codeSource(library))) {
        String file = entry.name();
        if (file.endsWith(".class")
                && !file.startsWith("META-INF/")
                && !file.endsWith("module-info.class")
            || file.startsWith("META-INF/services/")) {
          entries.add(entry);
        }
      }
    }
    Set<String> packages = new TreeSet<>();
    for (Entry entry : entries) {
      if (entry.name().endsWith(".class")) {
        packages.add(entry.name().substring(0, entry.name().lastIndexOf('/')).replace('/', '.'));
      }
    }
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Bundle-ManifestVersion", "2");
    main.putValue("Bundle-SymbolicName", name);
    main.putValue("Bundle-Version", "1.0.0");
    main.putValue("Export-Package", String.join(",", packages));
    main.putValue("DynamicImport-Package", "*");
    Path jar = Files.createDirectories(dir).resolve(name + ".jar");
    Set<String> written = new TreeSet<>();
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (Entry entry : entries) {
        if (written.add(entry.name())) {
          out.putNextEntry(new JarEntry(entry.name()));
          out.write(entry.bytes());
          out.closeEntry();
        }
      }
    }
    return jar;
  }

  /** The jar or classes directory {@code type} was loaded from. */
  static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(type + " has no file code source", e);
    }
  }

  private static List<Entry> read(Path source) throws IOException {
    List<Entry> entries = new ArrayList<>();
    if (Files.isDirectory(source)) {
      try (Stream<Path> walk = Files.walk(source)) {
        for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
          entries.add(
              new Entry(
                  source.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file)));
        }
      }
      return entries;
    }
    try (JarFile jar = new JarFile(source.toFile())) {
      for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
        if (!entry.isDirectory()) {
          try (InputStream in = jar.getInputStream(entry)) {
            entries.add(new Entry(entry.getName(), in.readAllBytes()));
          }
        }
      }
    }
    return entries;
  }
}
