package dev.mero4j.transport.api;

/**
 * What happened to a published message.
 *
 * @param peers how many peers it was sent to now
 * @param queued true when no peer was on the topic and the message waits for one; a result with
 *     zero peers and {@code queued == false} means the message was refused (the queue is full)
 */
public record PublishResult(int peers, boolean queued) {}
