package dev.mero4j.cli.internal;

import java.util.List;

/** An assembly that cannot become a node: every problem found, one line each. */
public final class AssemblyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public AssemblyException(List<String> problems) {
    super(
        problems.size() == 1
            ? problems.get(0)
            : problems.size() + " problems, first: " + problems.get(0));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem, in the order they were found. */
  public List<String> problems() {
    return problems;
  }
}
