package dev.mero4j.it.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.mero4j.it.architecture.PomDependencies.Dependency;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

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
      for (Dependency dependency : PomDependencies.of(Files.readAllBytes(pom))) {
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
}
