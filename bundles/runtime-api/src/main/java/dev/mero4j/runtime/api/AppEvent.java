package dev.mero4j.runtime.api;

import java.util.Optional;

/**
 * An event emitted by an application.
 *
 * @param kind the event name, such as {@code Inserted}
 * @param dataJson the payload as JSON text
 * @param handler the method to run on receiving peers, if the emitter named one
 */
public record AppEvent(String kind, String dataJson, Optional<String> handler) {}
