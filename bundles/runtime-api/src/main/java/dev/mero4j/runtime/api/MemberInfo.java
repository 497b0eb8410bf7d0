package dev.mero4j.runtime.api;

import dev.mero4j.primitives.PublicKey;

/**
 * A member of a context as this node's governance log sees it.
 *
 * @param publicKey the member's identity key
 * @param role its role
 * @param local whether this node holds the identity
 */
public record MemberInfo(PublicKey publicKey, MemberRole role, boolean local) {}
