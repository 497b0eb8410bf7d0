package dev.mero4j.crdt;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A test clock that moves only when told to. */
final class ManualClock extends Clock {
  private long millis;

  ManualClock(long millis) {
    this.millis = millis;
  }

  void advance(long delta) {
    millis += delta;
  }

  void set(long value) {
    millis = value;
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }
}
