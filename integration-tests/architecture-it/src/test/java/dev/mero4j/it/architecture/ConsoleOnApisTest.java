package dev.mero4j.it.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The console is a client of the node: its classes and its Maven modules use APIs only, never an
 * implementation bundle (node, runtime, replication, server, cli, providers).
 */
class ConsoleOnApisTest {
  /**
   * Mero4j packages a console class may use: primitives, any {@code *.api} and the console itself.
   */
  private static final Pattern API_PACKAGE =
      Pattern.compile("dev\\.mero4j\\.(primitives|console|\\w+\\.api)(\\..*)?");

  /** Mero4j artifacts a console module may depend on outside the test scope. */
  private static final Pattern API_ARTIFACT = Pattern.compile("mero4j-(primitives|[\\w-]+-api)");

  /** The repository root, seen from this module (surefire runs it in its own directory). */
  private static final Path ROOT =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../..").normalize();

  @Test
  void consoleClassesDependOnNoImplementationBundle() {
    JavaClasses console =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mero4j.console");
    assertThat(console).as("console classes on the test class path").isNotEmpty();
    noClasses()
        .that()
        .resideInAPackage("dev.mero4j.console..")
        .should()
        .dependOnClassesThat(implementationClasses())
        .check(console);
  }

  @Test
  void consolePomsDependOnApisOnly() throws IOException {
    List<Path> poms = consolePoms();
    assertThat(poms)
        .as("console modules under " + ROOT.resolve("console"))
        .hasSizeGreaterThanOrEqualTo(2);
    List<String> violations = new ArrayList<>();
    for (Path pom : poms) {
      for (Dependency dependency : dependencies(pom)) {
        if (dependency.isImplementationOutsideTests()) {
          violations.add(ROOT.relativize(pom) + ": " + dependency);
        }
      }
    }
    assertThat(violations).as("console modules depending on an implementation bundle").isEmpty();
  }

  @Test
  void thePomCheckSeesAnImplementationDependency() {
    assertThat(new Dependency("dev.mero4j", "mero4j-node", "").isImplementationOutsideTests())
        .isTrue();
    assertThat(
            new Dependency("dev.mero4j", "mero4j-replication", "runtime")
                .isImplementationOutsideTests())
        .isTrue();
    assertThat(new Dependency("dev.mero4j", "mero4j-node", "test").isImplementationOutsideTests())
        .isFalse();
    assertThat(
            new Dependency("dev.mero4j", "mero4j-runtime-api", "").isImplementationOutsideTests())
        .isFalse();
    assertThat(new Dependency("org.apache.groovy", "groovy", "").isImplementationOutsideTests())
        .isFalse();
  }

  private static DescribedPredicate<JavaClass> implementationClasses() {
    return DescribedPredicate.describe(
        "belong to an implementation bundle (node, runtime, replication, server, cli, providers, ...)",
        c ->
            c.getPackageName().startsWith("dev.mero4j.")
                && !API_PACKAGE.matcher(c.getPackageName()).matches());
  }

  private static List<Path> consolePoms() throws IOException {
    try (Stream<Path> modules = Files.list(ROOT.resolve("console"))) {
      return modules.map(m -> m.resolve("pom.xml")).filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** The direct dependencies of {@code pom} (not its dependency management or plugins). */
  private static List<Dependency> dependencies(Path pom) throws IOException {
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

  private static Element parse(Path pom) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("cannot parse " + pom + ": " + e.getMessage(), e);
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
}
