package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;

/** A new context and the member identity this node created for it. */
public record CreatedContext(ContextId contextId, PublicKey memberPublicKey) {}
