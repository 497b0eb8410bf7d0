package dev.mero4j.it.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ed25519 and X25519 live in one place, {@code dev.mero4j.primitives}: no other bundle reaches for
 * the JDK's EdDSA/XDH classes or BouncyCastle, or grows its own {@code *Ed25519}/{@code *X25519}.
 */
class CryptoInOnePlaceTest {
  private static final String PRIMITIVES = "dev.mero4j.primitives..";

  /** JDK and BouncyCastle types that only exist to do Curve25519 (or Curve448) arithmetic. */
  private static final Pattern CURVE_TYPE =
      Pattern.compile(".*(Ed25519|X25519|Ed448|X448|EdEC|XEC|EdDSA|XDH|Curve25519).*");

  private static JavaClasses mero4j;

  @BeforeAll
  static void importClasses() {
    mero4j =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mero4j");
  }

  @Test
  void onlyPrimitivesUsesTheJdkOrBouncyCastleCurve25519Classes() {
    noClasses()
        .that()
        .resideOutsideOfPackage(PRIMITIVES)
        .should()
        .dependOnClassesThat(curve25519Crypto())
        .check(mero4j);
  }

  @Test
  void noClassOutsidePrimitivesIsNamedAfterEd25519OrX25519() {
    noClasses()
        .that()
        .resideOutsideOfPackage(PRIMITIVES)
        .should()
        .haveSimpleNameContaining("Ed25519")
        .orShould()
        .haveSimpleNameContaining("X25519")
        .check(mero4j);
  }

  @Test
  void bouncyCastleIsUsedOnlyBehindPrimitivesInternal() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.mero4j.primitives.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.bouncycastle..")
        .check(mero4j);
    classes()
        .that()
        .resideInAPackage("dev.mero4j.primitives.internal..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            PRIMITIVES,
            "org.bouncycastle.math.ec.rfc8032..",
            "org.bouncycastle.math.ec.rfc7748..")
        .check(mero4j);
  }

  private static DescribedPredicate<JavaClass> curve25519Crypto() {
    return DescribedPredicate.describe(
        "are JDK or BouncyCastle Ed25519/X25519 (EdDSA, XDH) classes",
        c ->
            c.getPackageName().startsWith("org.bouncycastle")
                || (c.getPackageName().startsWith("java.security")
                        || c.getPackageName().startsWith("javax.crypto"))
                    && (CURVE_TYPE.matcher(c.getSimpleName()).matches()
                        || c.getSimpleName().equals("KeyAgreement")
                        || c.getSimpleName().equals("NamedParameterSpec")));
  }
}
