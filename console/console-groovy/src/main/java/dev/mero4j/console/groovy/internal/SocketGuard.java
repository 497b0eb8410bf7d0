package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.groovy.AttachRefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The attach socket's only guard: it lives in an owner-only directory, is itself owner-only, and
 * clients refuse a socket that anyone else could open or that another user owns.
 */
public final class SocketGuard {
  /** Permissions of the console directory in the node home. */
  public static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");

  /** Permissions of the socket file. */
  public static final Set<PosixFilePermission> OWNER_SOCKET =
      PosixFilePermissions.fromString("rw-------");

  /** Unix-domain socket paths are limited to 108 bytes on Linux, including the terminator. */
  static final int MAX_SOCKET_PATH = 107;

  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private SocketGuard() {}

  /** The socket of the node living in {@code home}. */
  public static Path socketOf(Path home) {
    return home.toAbsolutePath().normalize().resolve("console").resolve("attach.sock");
  }

  /** Checks that the socket path fits the platform's limit. */
  public static void checkLength(Path socket) {
    if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        > MAX_SOCKET_PATH) {
      throw new AttachRefusedException(
          "the console socket path "
              + socket
              + " is longer than the "
              + MAX_SOCKET_PATH
              + " bytes Unix-domain sockets allow; use a shorter node home path");
    }
  }

  /** Refuses a socket that is missing, open to group or others, or owned by another user. */
  public static void checkBeforeAttach(Path socket) {
    if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      throw new AttachRefusedException(
          "no console socket at "
              + socket
              + "; is a node running on this home (mero4j run --home DIR), with the console"
              + " bundles in its assembly?");
    }
    try {
      if (Files.isSymbolicLink(socket)) {
        throw new AttachRefusedException("refusing to attach: " + socket + " is a symbolic link");
      }
      Set<PosixFilePermission> permissions =
          Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS);
      if (permissions.stream().anyMatch(OTHERS::contains)) {
        throw new AttachRefusedException(
            "refusing to attach: "
                + socket
                + " has permissions "
                + PosixFilePermissions.toString(permissions)
                + "; only its owner may have access (chmod 600)");
      }
      String owner = Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS).getName();
      String me = System.getProperty("user.name");
      if (!owner.equals(me)) {
        throw new AttachRefusedException(
            "refusing to attach: " + socket + " belongs to " + owner + ", not to " + me);
      }
    } catch (IOException e) {
      throw new AttachRefusedException("cannot check " + socket + ": " + e.getMessage(), e);
    } catch (UnsupportedOperationException e) {
      throw new AttachRefusedException(
          "cannot check the permissions of " + socket + " on this file system", e);
    }
  }

  /** Creates the owner-only console directory, tightening it if it exists. */
  public static void prepareDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
    }
    Files.setPosixFilePermissions(dir, OWNER_DIR);
  }
}
