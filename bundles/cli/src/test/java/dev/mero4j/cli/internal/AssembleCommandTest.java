package dev.mero4j.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssembleCommandTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(oldErr);
  }

  @Test
  void bundlesThatImportWhatTheOthersExportResolve() throws IOException {
    Path api = bundle("api", "Export-Package", "org.example.api;version=\"1.2.0\"");
    Path impl = bundle("impl", "Import-Package", "org.example.api;version=\"[1.0,2)\"");
    ResolverCheck.Result result =
        ResolverCheck.check(List.of(api, impl), Files.createTempDirectory(dir, "scratch"));
    assertThat(result.problems()).isEmpty();
    assertThat(result.symbolicNames()).containsEntry(impl, "impl");
  }

  @Test
  void aMissingPackageIsNamedWithItsRangeAndTheBundleThatNeedsIt() throws IOException {
    Path impl = bundle("impl", "Import-Package", "org.example.api;version=\"[1.0,2)\"");
    ResolverCheck.Result result =
        ResolverCheck.check(List.of(impl), Files.createTempDirectory(dir, "scratch"));
    assertThat(result.problems())
        .containsExactly(
            "impl (impl.jar) needs package org.example.api [1.0.0,2.0.0): no bundle in the assembly exports it");
  }

  @Test
  void aPackageInTheWrongVersionIsAVersionConflict() throws IOException {
    Path api = bundle("api", "Export-Package", "org.example.api;version=\"2.0.0\"");
    Path impl = bundle("impl", "Import-Package", "org.example.api;version=\"[1.0,2)\"");
    ResolverCheck.Result result =
        ResolverCheck.check(List.of(api, impl), Files.createTempDirectory(dir, "scratch"));
    assertThat(result.problems())
        .singleElement()
        .asString()
        .startsWith("impl (impl.jar) needs package org.example.api [1.0.0,2.0.0)")
        .endsWith("version conflict, the assembly exports only 2.0.0 from api");
  }

  @Test
  void assembleRefusesABrokenAssemblyWithOneLinePerProblemAndExitTwo() throws IOException {
    Path lib = dir.resolve("lib");
    bundle("impl", "Import-Package", "org.example.api;version=\"[1.0,2)\"");
    bundle("other", "Import-Package", "org.example.spi");
    Path file =
        Files.writeString(
            dir.resolve("broken.assembly"), "# broken\nstorage = mapdb\nimpl.jar\nother.jar\n");
    Path out = dir.resolve("node");

    int exit =
        Main.execute(
            "assemble",
            "--from",
            file.toString(),
            "--out",
            out.toString(),
            "--lib",
            lib.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines())
        .containsExactly(
            "error: impl (impl.jar) needs package org.example.api [1.0.0,2.0.0): no bundle in the assembly exports it",
            "error: other (other.jar) needs package org.example.spi: no bundle in the assembly exports it",
            "broken.assembly does not assemble: 2 problem(s)");
    assertThat(out).doesNotExist();
  }

  @Test
  void assembleNamesEveryMissingJarAndAChoiceNoBundleProvides() throws IOException {
    Path lib = dir.resolve("lib");
    bundle("api", "Export-Package", "org.example.api");
    Path file =
        Files.writeString(dir.resolve("x.assembly"), "storage = rocksdb\napi.jar\nabsent.jar\n");
    assertThat(
            Main.execute(
                "assemble",
                "--from",
                file.toString(),
                "--out",
                dir.resolve("o").toString(),
                "--lib",
                lib.toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("error: x.assembly line 3: bundle absent.jar is not in [" + lib + "]");

    err.reset();
    Files.writeString(file, "storage = rocksdb\napi.jar\n");
    assertThat(
            Main.execute(
                "assemble",
                "--from",
                file.toString(),
                "--out",
                dir.resolve("o").toString(),
                "--lib",
                lib.toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "error: storage = rocksdb but no bundle in the assembly provides it (providers listed: none)");
  }

  @Test
  void malformedProviderChoicesAreReportedWithTheirLine() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("bad.assembly"),
            "a.jar\ndatabase = mapdb\nstorage = mapdb\nstorage = memory\nwasm = Chicory!\n");
    assertThatThrownBy(() -> AssemblyFile.read(file))
        .isInstanceOfSatisfying(
            AssemblyException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "bad.assembly line 2: unknown capability 'database'; use one of storage, wasm, transport, chain",
                        "bad.assembly line 4: a second choice for storage",
                        "bad.assembly line 5: 'wasm = Chicory!' is not a provider choice such as 'storage = mapdb'"));
  }

  @Test
  void theLauncherReadsAnAssemblyWithProviderChoices() throws IOException {
    Path lib = dir.resolve("lib");
    Path api = bundle("api", "Export-Package", "org.example.api");
    Path file = Files.writeString(dir.resolve("a.assembly"), "storage = memory\n\napi.jar\n");
    assertThat(Assembly.read(file, lib).bundles()).containsExactly(api);
    assertThat(AssemblyFile.read(file).providers()).containsEntry("storage", "memory");
  }

  @Test
  void mavenReferencesResolveInTheRepositoryAndKeepTheArtifactNameInLib() throws IOException {
    Path api = bundle("api", "Export-Package", "org.example.api");
    Path repo = dir.resolve("repo");
    Path inRepo =
        Files.createDirectories(repo.resolve("org/example/api/1.2.0")).resolve("api-1.2.0.jar");
    Files.copy(api, inRepo);
    Path file =
        Files.writeString(
            dir.resolve("m.assembly"), "mvn:org.example/api/1.2.0\nmvn:org.example/absent/1.0\n");

    List<AssemblyFile.BundleRef> refs = AssemblyFile.read(file).bundles();

    assertThat(refs.get(0).locate(List.of(dir.resolve("lib")), repo)).contains(inRepo);
    assertThat(refs.get(0).jarName()).isEqualTo("api.jar");
    assertThat(refs.get(1).locate(List.of(dir.resolve("lib")), repo)).isEmpty();
  }

  /** A manifest-only bundle in {@code dir/lib} with one extra header. */
  private Path bundle(String name, String header, String value) throws IOException {
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Bundle-ManifestVersion", "2");
    main.putValue("Bundle-SymbolicName", name);
    main.putValue("Bundle-Version", "1.0.0");
    main.putValue(header, value);
    Path jar = Files.createDirectories(dir.resolve("lib")).resolve(name + ".jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      return jar;
    }
  }
}
