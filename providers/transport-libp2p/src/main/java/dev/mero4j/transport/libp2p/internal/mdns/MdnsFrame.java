package dev.mero4j.transport.libp2p.internal.mdns;

import java.util.List;

/**
 * A DNS message reduced to what mDNS discovery uses: question names and PTR/TXT records (answers
 * and additional records together).
 */
record MdnsFrame(boolean response, List<String> questions, List<ResourceRecord> records) {
  MdnsFrame {
    questions = List.copyOf(questions);
    records = List.copyOf(records);
  }

  /**
   * A resource record; {@code target} for PTR, {@code texts} for TXT, other types carry neither.
   */
  record ResourceRecord(String name, int type, String target, List<String> texts) {}
}
