package dev.mero4j.it.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The replication bundle's build reaches the rest of Mero4j through API bundles only (tests may use
 * real parts).
 */
class ReplicationPomTest {
  private static final Path REPLICATION_POM =
      Path.of("..", "..", "bundles", "replication", "pom.xml");

  /** Scopes on the main code's class path. */
  private static final Set<String> MAIN_SCOPES = Set.of("compile", "provided", "runtime", "system");

  @Test
  void replicationHasNoMainDependencyOnAnImplementationBundle() throws IOException {
    assertThat(implementationDependencies(Files.readAllBytes(REPLICATION_POM))).isEmpty();
  }

  @Test
  void aMainDependencyOnTheRuntimeIsFoundAndATestOneIsNot() {
    String pom =
        """
        <project><dependencies>
          <dependency><groupId>dev.mero4j</groupId><artifactId>mero4j-runtime-api</artifactId></dependency>
          <dependency><groupId>dev.mero4j</groupId><artifactId>mero4j-runtime</artifactId></dependency>
          <dependency><groupId>dev.mero4j</groupId><artifactId>mero4j-membership</artifactId>
            <scope>compile</scope></dependency>
          <dependency><groupId>dev.mero4j</groupId><artifactId>mero4j-storage-mapdb</artifactId>
            <scope>test</scope></dependency>
        </dependencies></project>
        """;
    assertThat(implementationDependencies(pom.getBytes(StandardCharsets.UTF_8)))
        .containsExactly("mero4j-runtime", "mero4j-membership");
  }

  /** Mero4j artifacts on the main class path that are neither primitives nor an API bundle. */
  static List<String> implementationDependencies(byte[] pom) {
    NodeList dependencies;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(pom));
      dependencies =
          (NodeList)
              XPathFactory.newInstance()
                  .newXPath()
                  .evaluate(
                      "/*[local-name()='project']/*[local-name()='dependencies']/*[local-name()='dependency']",
                      document,
                      XPathConstants.NODESET);
    } catch (ParserConfigurationException
        | SAXException
        | IOException
        | XPathExpressionException e) {
      throw new AssertionError("unreadable pom: " + e.getMessage(), e);
    }
    List<String> found = new ArrayList<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      String artifact = text(dependency, "artifactId", "");
      boolean mero4j = text(dependency, "groupId", "").equals("dev.mero4j");
      boolean api = artifact.equals("mero4j-primitives") || artifact.endsWith("-api");
      if (mero4j && !api && MAIN_SCOPES.contains(text(dependency, "scope", "compile"))) {
        found.add(artifact);
      }
    }
    return found;
  }

  private static String text(Element parent, String child, String otherwise) {
    NodeList nodes = parent.getElementsByTagNameNS("*", child);
    if (nodes.getLength() == 0) {
      nodes = parent.getElementsByTagName(child);
    }
    return nodes.getLength() == 0 ? otherwise : nodes.item(0).getTextContent().trim();
  }
}
