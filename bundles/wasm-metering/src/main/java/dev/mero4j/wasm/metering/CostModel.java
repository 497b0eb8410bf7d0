package dev.mero4j.wasm.metering;

/**
 * The metering model: where metered regions start and what each costs.
 *
 * <p>Every original instruction costs 1. A region is charged in full when it is entered, so a call
 * that runs out mid-region stops before the region's first instruction. Regions start only where
 * control can arrive other than by falling through:
 *
 * <pre>
 *   function entry
 *   after loop                   (loop header: every iteration)
 *   after if, after else         (the two arms)
 *   after end of an if           (reached from either arm or the skipped if)
 *   after end of a block         (only if some br/br_if/br_table targets it)
 *   after end of a loop          (so a loop header never pays for code after the loop)
 * </pre>
 *
 * <p>Leaving a region early (a taken br_if, br, return, trap) forfeits the rest of its charge, so
 * the count is an upper bound on executed instructions, identical on every engine. Code after an
 * unconditional br, br_table, return or unreachable is dead until the end or else that closes its
 * block and costs nothing.
 */
final class CostModel {
  private static final int BLOCK = 0x02;
  private static final int LOOP = 0x03;
  private static final int IF = 0x04;
  private static final int ELSE = 0x05;
  private static final int END = 0x0B;

  private final int[] ops;
  private final int[] openers;
  private final boolean[] targeted;
  private final int count;
  private final boolean[] counted;

  CostModel(int[] ops, int[] openers, boolean[] targeted, int count) {
    this.ops = ops;
    this.openers = openers;
    this.targeted = targeted;
    this.count = count;
    this.counted = new boolean[count];
    markLiveCode();
  }

  /** The index after the last instruction of the region starting at {@code start}. */
  int regionEnd(int start) {
    int i = start;
    while (i < count && !startsRegionAfter(i)) {
      i++;
    }
    return Math.min(i + 1, count);
  }

  long cost(int from, int to) {
    long cost = 0;
    for (int i = from; i < to; i++) {
      if (counted[i]) {
        cost++;
      }
    }
    return cost;
  }

  private boolean startsRegionAfter(int i) {
    return switch (ops[i]) {
      case LOOP, IF, ELSE -> true;
      case END -> {
        int opener = openers[i];
        yield opener >= 0 && (ops[opener] != BLOCK || targeted[opener]);
      }
      default -> false;
    };
  }

  private void markLiveCode() {
    int depth = 0;
    int deadAt = -1;
    for (int i = 0; i < count; i++) {
      int op = ops[i];
      if (deadAt >= 0) {
        if (op == BLOCK || op == LOOP || op == IF) {
          depth++;
        } else if ((op == END || op == ELSE) && depth == deadAt) {
          deadAt = -1;
          if (op == END) {
            depth--;
          }
        } else if (op == END) {
          depth--;
        }
        continue;
      }
      counted[i] = true;
      switch (op) {
        case BLOCK, LOOP, IF -> depth++;
        case END -> depth--;
        case 0x00, 0x0C, 0x0E, 0x0F -> deadAt = depth;
        default -> {}
      }
    }
  }
}
