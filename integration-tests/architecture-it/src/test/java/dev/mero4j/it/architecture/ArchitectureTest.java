package dev.mero4j.it.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of Mero4j's module graph (see docs/architecture.md):
 *
 * <pre>
 *   primitives  <-  *-api  <-  core (node, crdt, dag, ...)  <-  cli
 *                      ^
 *                      +---- providers (&lt;capability&gt;-&lt;technology&gt;), one API each
 * </pre>
 */
class ArchitectureTest {
  /**
   * Capabilities with an SPI; their providers live in {@code dev.mero4j.<capability>.<technology>}.
   */
  static final Set<String> CAPABILITIES = Set.of("storage", "transport", "wasm", "chain");

  private static final Pattern PROVIDER =
      Pattern.compile("dev\\.mero4j\\.(storage|transport|wasm|chain)\\.(\\w+)(\\..*)?");

  private static JavaClasses mero4j;

  @BeforeAll
  static void importClasses() {
    mero4j =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mero4j");
  }

  @Test
  void apisDependOnlyOnTheJdkAndOtherApis() {
    classes()
        .that()
        .resideInAnyPackage("dev.mero4j.primitives..", "dev.mero4j.*.api..")
        .and()
        .resideOutsideOfPackage("dev.mero4j.primitives.internal..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "dev.mero4j.primitives..", "dev.mero4j.*.api..", "org.osgi.annotation..")
        .check(mero4j);
  }

  @Test
  void membershipDependsOnlyOnPrimitivesAndTheStorageApi() {
    classes()
        .that()
        .resideInAPackage("dev.mero4j.membership..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "javax.crypto..",
            "dev.mero4j.primitives..",
            "dev.mero4j.storage.api..",
            "dev.mero4j.membership..",
            "org.osgi.annotation..")
        .check(mero4j);
  }

  @Test
  void blobsDependOnlyOnPrimitivesAndTheStorageAndRuntimeApis() {
    classes()
        .that()
        .resideInAPackage("dev.mero4j.blobs..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "javax.crypto..",
            "dev.mero4j.primitives..",
            "dev.mero4j.storage.api..",
            "dev.mero4j.runtime.api..",
            "dev.mero4j.blobs..",
            "org.osgi.annotation..")
        .check(mero4j);
  }

  @Test
  void providersDependOnTheirOwnApiOnly() {
    classes().that(areProviderClasses()).should(dependOnlyOnOwnCapability()).check(mero4j);
  }

  @Test
  void coreNeverDependsOnAProvider() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.mero4j.node..",
            "dev.mero4j.crdt..",
            "dev.mero4j.dag..",
            "dev.mero4j.membership..",
            "dev.mero4j.blobs..",
            "dev.mero4j.cli..")
        .should(dependOnAProvider())
        .check(mero4j);
  }

  @Test
  void internalPackagesAreUsedOnlyInsideTheirModule() {
    classes()
        .that()
        .resideInAPackage("..internal..")
        .should(beUsedOnlyFromTheirModule())
        .check(mero4j);
  }

  @Test
  void replicationDependsOnApisOnly() {
    classes()
        .that()
        .resideInAPackage("dev.mero4j.replication..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "dev.mero4j.primitives..",
            "dev.mero4j.transport.api..",
            "dev.mero4j.runtime.api..",
            "dev.mero4j.replication..",
            "org.osgi.annotation..")
        .check(mero4j);
  }

  @Test
  void replicationDependsOnNoImplementationBundle() {
    noClasses()
        .that()
        .resideInAPackage("dev.mero4j.replication..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.mero4j.runtime",
            "dev.mero4j.runtime.internal..",
            "dev.mero4j.membership..",
            "dev.mero4j.node..",
            "dev.mero4j.server..",
            "dev.mero4j.cli..",
            "dev.mero4j.crdt..",
            "dev.mero4j.dag..")
        .orShould(dependOnAProvider())
        .check(mero4j);
  }

  /**
   * One slice per bundle: {@code runtime} and {@code runtime.api} are two modules, each provider
   * its own.
   */
  @Test
  void modulesHaveNoCycles() {
    slices().assignedFrom(BY_MODULE).should().beFreeOfCycles().check(mero4j);
  }

  private static final SliceAssignment BY_MODULE =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String p = javaClass.getPackageName();
          return p.startsWith("dev.mero4j.")
              ? SliceIdentifier.of(module(p))
              : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "Mero4j bundles";
        }
      };

  @Test
  void aBundleIsItsRootPackageWithApisAndTcksApart() {
    assertThat(module("dev.mero4j.runtime.internal.host")).isEqualTo("runtime");
    assertThat(module("dev.mero4j.runtime.api")).isEqualTo("runtime.api");
    assertThat(module("dev.mero4j.storage.api")).isEqualTo("storage.api");
    assertThat(module("dev.mero4j.storage.mapdb.internal")).isEqualTo("storage.mapdb");
    assertThat(module("dev.mero4j.console.api")).isEqualTo("console.api");
  }

  private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> areProviderClasses() {
    return com.tngtech.archunit.base.DescribedPredicate.describe(
        "are provider classes", c -> provider(c.getPackageName()) != null);
  }

  /** Returns "capability.technology" for provider packages, null otherwise. */
  static String provider(String packageName) {
    Matcher m = PROVIDER.matcher(packageName);
    if (!m.matches() || Set.of("api", "tck", "metering").contains(m.group(2))) {
      return null;
    }
    return m.group(1) + "." + m.group(2);
  }

  static String module(String packageName) {
    String p = provider(packageName);
    if (p != null) {
      return p;
    }
    String rest = packageName.substring("dev.mero4j.".length());
    String[] parts = rest.split("\\.");
    boolean apart =
        parts.length > 1
            && (CAPABILITIES.contains(parts[0]) || Set.of("api", "tck").contains(parts[1]));
    return apart ? parts[0] + "." + parts[1] : parts[0];
  }

  private static ArchCondition<JavaClass> dependOnlyOnOwnCapability() {
    return new ArchCondition<>(
        "depend only on the JDK, primitives, their own API and their own library") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        String own = provider(item.getPackageName());
        String capability = own.substring(0, own.indexOf('.'));
        item.getDirectDependenciesFromSelf()
            .forEach(
                d -> {
                  String target = d.getTargetClass().getPackageName();
                  if (!target.startsWith("dev.mero4j.")) {
                    return;
                  }
                  boolean allowed =
                      target.startsWith("dev.mero4j.primitives")
                          || target.startsWith("dev.mero4j." + capability + ".")
                              && (provider(target) == null || provider(target).equals(own));
                  if (!allowed) {
                    events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                  }
                });
      }
    };
  }

  private static ArchCondition<JavaClass> dependOnAProvider() {
    return new ArchCondition<>("depend on a provider") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        item.getDirectDependenciesFromSelf()
            .forEach(
                d -> {
                  if (provider(d.getTargetClass().getPackageName()) != null) {
                    events.add(SimpleConditionEvent.satisfied(d, d.getDescription()));
                  }
                });
      }
    };
  }

  private static ArchCondition<JavaClass> beUsedOnlyFromTheirModule() {
    return new ArchCondition<>("be used only from their own module") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        String own = module(item.getPackageName());
        item.getDirectDependenciesToSelf()
            .forEach(
                d -> {
                  String from = d.getOriginClass().getPackageName();
                  if (from.startsWith("dev.mero4j.") && !module(from).equals(own)) {
                    events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                  }
                });
      }
    };
  }
}
