package dev.mero4j.blobs;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.UnknownContextException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A fake key ring for unit tests: one fixed secret per known context. */
final class TestKeys implements BlobKeys {
  private final Map<ContextId, Secret> secrets = new ConcurrentHashMap<>();

  ContextId add(String name) {
    ContextId context =
        ContextId.of(Hash.sha256(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    secrets.put(
        context,
        new Secret(
            Hash.sha256(("key " + name).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            Hash.sha256(("secret " + name).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toBytes()));
    return context;
  }

  @Override
  public Secret current(ContextId context) {
    Secret secret = secrets.get(context);
    if (secret == null) {
      throw new UnknownContextException("no context " + context);
    }
    return secret;
  }

  @Override
  public Secret of(ContextId context, Hash keyId) {
    Secret secret = current(context);
    if (!secret.keyId().equals(keyId)) {
      throw new UnknownContextException("no key " + keyId);
    }
    return secret;
  }
}
