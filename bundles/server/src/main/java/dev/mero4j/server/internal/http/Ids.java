package dev.mero4j.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.PublicKey;
import java.util.function.Function;

/** Parses base58 ids from request fields and path parameters, naming the bad field on failure. */
public final class Ids {
  private Ids() {}

  public static ContextId context(String field, String text) {
    return parse(field, text, ContextId::fromBase58);
  }

  public static ApplicationId application(String field, String text) {
    return parse(field, text, ApplicationId::fromBase58);
  }

  public static Hash hash(String field, String text) {
    return parse(field, text, Hash::fromBase58);
  }

  public static DeltaId delta(String field, String text) {
    return parse(field, text, DeltaId::fromBase58);
  }

  public static PublicKey publicKey(String field, String text) {
    return parse(field, text, PublicKey::fromBase58);
  }

  public static ContextId context(JsonNode node, String field) {
    return context(field, Json.text(node, field));
  }

  private static <T> T parse(String field, String text, Function<String, T> decoder) {
    try {
      return decoder.apply(text);
    } catch (PrimitiveException e) {
      throw ApiException.invalidParams(
          field, "'" + field + "' is not a valid base58 id: " + e.getMessage());
    }
  }
}
