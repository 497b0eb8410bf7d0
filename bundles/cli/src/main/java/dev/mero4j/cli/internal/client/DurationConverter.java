package dev.mero4j.cli.internal.client;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d} or an ISO-8601 duration such as {@code
 * PT1H}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (value.startsWith("p")) {
        return positive(Duration.parse(value.toUpperCase(Locale.ROOT)), text);
      }
      if (value.length() < 2) {
        throw invalid(text);
      }
      long amount = Long.parseLong(value.substring(0, value.length() - 1));
      Duration duration =
          switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw invalid(text);
          };
      return positive(duration, text);
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw invalid(text);
    }
  }

  private static Duration positive(Duration duration, String text) {
    if (duration.isNegative() || duration.isZero()) {
      throw invalid(text);
    }
    return duration;
  }

  private static TypeConversionException invalid(String text) {
    return new TypeConversionException(
        "'" + text + "' is not a duration (examples: 90s, 30m, 12h, 7d, PT1H)");
  }
}
