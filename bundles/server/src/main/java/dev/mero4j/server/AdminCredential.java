package dev.mero4j.server;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The node administrator's user name and PBKDF2 password hash; the password itself is never kept.
 *
 * @param iterations PBKDF2-HMAC-SHA512 rounds
 */
public record AdminCredential(String user, byte[] salt, int iterations, byte[] hash) {
  /** OWASP's recommendation for PBKDF2-HMAC-SHA512. */
  public static final int DEFAULT_ITERATIONS = 210_000;

  /** Calimero's bounds on passwords. */
  public static final int MIN_PASSWORD = 8;

  public static final int MAX_PASSWORD = 128;

  static final String ALGORITHM = "PBKDF2WithHmacSHA512";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 512;

  public AdminCredential {
    Objects.requireNonNull(user, "user");
    if (user.isBlank()) {
      throw new IllegalArgumentException("the admin user name is empty");
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive");
    }
    salt = salt.clone();
    hash = hash.clone();
  }

  /** Hashes {@code password} with a fresh salt. */
  public static AdminCredential create(
      String user, char[] password, int iterations, SecureRandom random) {
    if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
      throw new IllegalArgumentException(
          "the admin password needs " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
    }
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return new AdminCredential(user, salt, iterations, derive(password, salt, iterations));
  }

  /** Whether {@code user} and {@code password} match, in time independent of where they differ. */
  public boolean matches(String candidateUser, char[] password) {
    if (password.length > MAX_PASSWORD) {
      return false;
    }
    byte[] derived = derive(password, salt, iterations);
    boolean userOk =
        MessageDigest.isEqual(
            user.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            candidateUser.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    @SuppressWarnings(
        "ShortCircuitBoolean") // both sides always evaluated: no timing hint on which failed
    boolean ok = MessageDigest.isEqual(derived, hash) & userOk;
    return ok;
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdminCredential other
        && user.equals(other.user)
        && iterations == other.iterations
        && Arrays.equals(salt, other.salt)
        && Arrays.equals(hash, other.hash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(user, iterations, Arrays.hashCode(salt), Arrays.hashCode(hash));
  }

  @Override
  public String toString() {
    return "AdminCredential[user=" + user + ", iterations=" + iterations + "]";
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("the JDK lacks " + ALGORITHM, e);
    } finally {
      spec.clearPassword();
    }
  }
}
