package dev.mero4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The auth file of a node home ({@code auth.json}, mode 0600), written by {@code mero4j init} and
 * read at start:
 *
 * <pre>
 * {"admin": {"user": "admin", "algorithm": "PBKDF2WithHmacSHA512", "iterations": 210000,
 *            "salt": "&lt;base64&gt;", "hash": "&lt;base64&gt;"},
 *  "jwtSecret": "&lt;base64 of 32 random bytes&gt;"}
 * </pre>
 */
public final class AuthFile {
  /** Conventional name of the file inside a node home. */
  public static final String FILE_NAME = "auth.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private AuthFile() {}

  /**
   * Creates the file with a fresh HMAC key and the admin credential hashed from {@code password}.
   */
  public static ApiServerConfig.AuthSettings create(
      Path file, String user, char[] password, SecureRandom random) {
    return create(
        file,
        AdminCredential.create(user, password, AdminCredential.DEFAULT_ITERATIONS, random),
        random);
  }

  /** Creates the file from an already hashed credential and a fresh HMAC key. */
  public static ApiServerConfig.AuthSettings create(
      Path file, AdminCredential admin, SecureRandom random) {
    byte[] secret = new byte[ApiServerConfig.AuthSettings.MIN_SECRET_BYTES];
    random.nextBytes(secret);
    ObjectNode root = JSON.createObjectNode();
    ObjectNode node = root.putObject("admin");
    node.put("user", admin.user());
    node.put("algorithm", AdminCredential.ALGORITHM);
    node.put("iterations", admin.iterations());
    node.put("salt", Base64.getEncoder().encodeToString(admin.salt()));
    node.put("hash", Base64.getEncoder().encodeToString(admin.hash()));
    root.put("jwtSecret", Base64.getEncoder().encodeToString(secret));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.deleteIfExists(file);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return ApiServerConfig.AuthSettings.of(admin, secret);
  }

  /** Reads the file; fails with a message naming the file and the bad field. */
  public static ApiServerConfig.AuthSettings load(Path file) {
    try {
      JsonNode root = JSON.readTree(Files.readAllBytes(file));
      JsonNode admin = root.path("admin");
      if (!AdminCredential.ALGORITHM.equals(admin.path("algorithm").asText())) {
        throw new IllegalArgumentException("unsupported algorithm " + admin.path("algorithm"));
      }
      AdminCredential credential =
          new AdminCredential(
              required(admin, "user").asText(),
              Base64.getDecoder().decode(required(admin, "salt").asText()),
              required(admin, "iterations").asInt(),
              Base64.getDecoder().decode(required(admin, "hash").asText()));
      byte[] secret = Base64.getDecoder().decode(required(root, "jwtSecret").asText());
      return ApiServerConfig.AuthSettings.of(credential, secret);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("invalid auth file " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return value;
  }
}
