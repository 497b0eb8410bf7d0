package dev.mero4j.it.jpms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/** Copies the jars a bundle lists on its {@code Bundle-ClassPath} out of the bundle. */
final class EmbeddedJars {
  private EmbeddedJars() {}

  /** The extracted jars, in Bundle-ClassPath order; empty when the bundle embeds none. */
  static List<Path> extract(Path bundle, Path into) throws IOException {
    List<Path> extracted = new ArrayList<>();
    try (JarFile jar = new JarFile(bundle.toFile())) {
      String classPath = jar.getManifest().getMainAttributes().getValue("Bundle-ClassPath");
      if (classPath == null) {
        return extracted;
      }
      for (String entry : classPath.split(",")) {
        String name = entry.strip();
        if (name.equals(".") || !name.endsWith(".jar")) {
          continue;
        }
        ZipEntry zip = jar.getEntry(name);
        if (zip == null) {
          throw new IOException(
              bundle.getFileName()
                  + " lists "
                  + name
                  + " on its Bundle-ClassPath but does not contain it");
        }
        Path target =
            Files.createDirectories(into.resolve(bundle.getFileName().toString()))
                .resolve(Path.of(name).getFileName().toString());
        try (InputStream in = jar.getInputStream(zip)) {
          Files.copy(in, target);
        }
        extracted.add(target);
      }
    }
    return extracted;
  }
}
