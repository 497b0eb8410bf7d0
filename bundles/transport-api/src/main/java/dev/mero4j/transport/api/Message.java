package dev.mero4j.transport.api;

/** A message received on a topic, with the peer that authored it. */
public record Message(String topic, PeerId from, byte[] payload) {}
