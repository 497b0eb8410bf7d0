package dev.mero4j.console.groovy.internal;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;

/**
 * The class loader console scripts compile against: the console's own classes first, then Groovy's
 * runtime, which inside OSGi holds the packages and AST transformations that compiled scripts need
 * but that the console bundle does not import.
 */
final class ScriptLoader extends ClassLoader {
  private final ClassLoader groovy;

  private ScriptLoader(ClassLoader console, ClassLoader groovy) {
    super(console);
    this.groovy = groovy;
  }

  /** The console's loader alone when it already sees Groovy (class path), else both. */
  static ClassLoader of(ClassLoader console, ClassLoader groovy) {
    return console == groovy ? console : new ScriptLoader(console, groovy);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    return groovy.loadClass(name);
  }

  @Override
  protected URL findResource(String name) {
    return groovy.getResource(name);
  }

  @Override
  protected Enumeration<URL> findResources(String name) throws IOException {
    return groovy.getResources(name);
  }
}
