package dev.mero4j.it.architecture;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** The direct {@code <dependency>} entries of a pom, for the rules on what a module may use. */
final class PomDependencies {
  /** Mero4j artifacts any module may depend on: primitives and the API bundles. */
  private static final Pattern API_ARTIFACT = Pattern.compile("mero4j-(primitives|[\\w-]+-api)");

  private PomDependencies() {}

  /** One {@code <dependency>} of a pom; an empty scope is Maven's default, compile. */
  record Dependency(String groupId, String artifactId, String scope) {
    boolean isImplementationOutsideTests() {
      return groupId.equals("dev.mero4j")
          && !scope.equals("test")
          && !API_ARTIFACT.matcher(artifactId).matches();
    }

    @Override
    public String toString() {
      return groupId + ":" + artifactId + (scope.isEmpty() ? "" : " (" + scope + ")");
    }
  }

  /** The project's own dependencies (not its dependency management, profiles or plugins). */
  static List<Dependency> of(byte[] pom) throws IOException {
    Element project = parse(pom);
    List<Dependency> found = new ArrayList<>();
    for (Element dependencies : children(project, "dependencies")) {
      for (Element dependency : children(dependencies, "dependency")) {
        found.add(
            new Dependency(
                text(dependency, "groupId"),
                text(dependency, "artifactId"),
                text(dependency, "scope")));
      }
    }
    return found;
  }

  /** The Mero4j implementation bundles the pom puts on the main class path. */
  static List<String> implementationsOutsideTests(byte[] pom) throws IOException {
    return of(pom).stream()
        .filter(Dependency::isImplementationOutsideTests)
        .map(Dependency::artifactId)
        .toList();
  }

  private static Element parse(byte[] pom) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(pom)).getDocumentElement();
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("unreadable pom: " + e.getMessage(), e);
    }
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && element.getTagName().equals(name)) {
        found.add(element);
      }
    }
    return found;
  }

  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? "" : found.get(0).getTextContent().strip();
  }
}
