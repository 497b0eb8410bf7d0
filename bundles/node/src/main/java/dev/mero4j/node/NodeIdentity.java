package dev.mero4j.node;

import dev.mero4j.primitives.Base58;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PrimitiveException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The node's Ed25519 key file: one line {@code ed25519:<base58 seed>} after comment lines, mode
 * 0600.
 */
public final class NodeIdentity {
  private static final String PREFIX = "ed25519:";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final System.Logger LOG = System.getLogger(NodeIdentity.class.getName());

  private NodeIdentity() {}

  /** Writes {@code keys} to {@code file} readable only by the owner, replacing any old file. */
  public static void create(Path file, KeyPair keys) throws IOException {
    Files.deleteIfExists(file);
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } else {
      Files.createFile(file);
    }
    Files.writeString(
        file,
        "# Mero4j node identity (Ed25519 private key). Keep it private; losing it loses the identity.\n"
            + PREFIX
            + Base58.encode(keys.seed())
            + "\n");
  }

  /**
   * Reads the key file, failing with a message that names the file when it is missing or corrupt.
   */
  public static KeyPair load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
      warnIfReadableByOthers(file);
    } catch (NoSuchFileException e) {
      throw new InvalidHomeException(
          "identity key " + file + " is missing; recreate the home with mero4j init --force", e);
    } catch (IOException e) {
      throw new InvalidHomeException("cannot read identity key " + file + ": " + e.getMessage(), e);
    }
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (!trimmed.startsWith(PREFIX)) {
        break;
      }
      try {
        return KeyPair.fromSeed(Base58.decode(trimmed.substring(PREFIX.length())));
      } catch (PrimitiveException e) {
        throw new InvalidHomeException(
            "identity key " + file + " is corrupt: " + e.getMessage(), e);
      }
    }
    throw new InvalidHomeException(
        "identity key " + file + " is corrupt: no line of the form ed25519:<base58 seed>");
  }

  private static void warnIfReadableByOthers(Path file) throws IOException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (!OWNER_ONLY.containsAll(perms)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "identity key {0} is readable by others ({1}); run chmod 600 on it",
          file,
          PosixFilePermissions.toString(perms));
    }
  }
}
