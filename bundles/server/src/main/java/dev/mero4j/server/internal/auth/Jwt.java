package dev.mero4j.server.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 JSON Web Tokens (RFC 7519) signed with the node's secret; only {@code alg: HS256} is
 * accepted, so "none" and algorithm-confusion tokens fail.
 */
public final class Jwt {
  /** Issuer and audience of every token this node mints. */
  public static final String ISSUER = "mero4j";

  /** Longest token accepted; bounds the work of a hostile header. */
  static final int MAX_TOKEN_LENGTH = 8192;

  private static final String HEADER =
      b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private final SecretKeySpec key;
  private final Clock clock;
  private final Random random;

  public Jwt(byte[] secret, Clock clock, Random random) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.clock = clock;
    this.random = random;
  }

  /** Verified claims of a token. */
  public record Claims(
      String subject, Set<String> permissions, String type, long expiresAtSeconds) {}

  public String issue(String subject, List<String> permissions, String type, Duration ttl) {
    long now = clock.millis() / 1000;
    ObjectNode claims = Json.mapper().createObjectNode();
    claims.put("sub", subject);
    claims.put("iss", ISSUER);
    claims.put("aud", ISSUER);
    claims.put("iat", now);
    claims.put("exp", now + ttl.toSeconds());
    byte[] jti = new byte[16];
    random.nextBytes(jti);
    claims.put("jti", b64(jti));
    claims.put("typ", type);
    permissions.forEach(claims.withArray("permissions")::add);
    String signingInput = HEADER + "." + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
    return signingInput + "." + b64(mac(signingInput));
  }

  /** Checks signature, algorithm, issuer, audience, expiry and token type. */
  public Claims verify(String token, String expectedType) {
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw invalid("token too long");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw invalid("malformed token");
    }
    JsonNode header = decodeJson(parts[0]);
    if (!"HS256".equals(header.path("alg").asText())) {
      throw invalid("unsupported token algorithm");
    }
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw invalid("malformed token signature");
    }
    if (!MessageDigest.isEqual(signature, mac(parts[0] + "." + parts[1]))) {
      throw invalid("bad token signature");
    }
    JsonNode claims = decodeJson(parts[1]);
    if (!ISSUER.equals(claims.path("iss").asText())
        || !ISSUER.equals(claims.path("aud").asText())) {
      throw invalid("token issued for another audience");
    }
    long exp = claims.path("exp").asLong(0);
    if (exp <= clock.millis() / 1000) {
      throw new ApiException(
          ErrorKind.UNAUTHENTICATED, "token expired", Map.of("reason", "expired"));
    }
    if (!expectedType.equals(claims.path("typ").asText())) {
      throw invalid("wrong token type; expected an " + expectedType + " token");
    }
    Set<String> permissions = new LinkedHashSet<>();
    claims.path("permissions").forEach(p -> permissions.add(p.asText()));
    return new Claims(claims.path("sub").asText(), Set.copyOf(permissions), expectedType, exp);
  }

  private static JsonNode decodeJson(String part) {
    try {
      JsonNode node = Json.mapper().readTree(Base64.getUrlDecoder().decode(part));
      if (node == null || !node.isObject()) {
        throw invalid("malformed token");
      }
      return node;
    } catch (IOException | IllegalArgumentException e) {
      throw invalid("malformed token");
    }
  }

  private byte[] mac(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }

  private static ApiException invalid(String message) {
    return new ApiException(ErrorKind.UNAUTHENTICATED, message, Map.of("reason", "invalid"));
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
