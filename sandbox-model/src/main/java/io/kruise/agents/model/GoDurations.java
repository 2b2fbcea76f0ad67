package io.kruise.agents.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;

/**
 * Conversions between {@link Duration} and the Go duration strings Kubernetes uses for
 * {@code metav1.Duration} fields (a SandboxClaim's {@code claimTimeout},
 * {@code waitReadyTimeout} and {@code ttlAfterCompleted}), such as {@code 30s}, {@code 1m30s},
 * {@code 1.5h} or {@code -1s}.
 *
 * <p>The model keeps these fields as strings, so that whatever the server sent is written back
 * unchanged; use this class to read or write them as durations. The syntax is that of Go's
 * {@code time.ParseDuration}: an optional sign, then one or more decimal numbers, each with a
 * unit ({@code ns}, {@code us}, {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}); a
 * bare {@code 0} is zero.
 */
public final class GoDurations {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private GoDurations() {
  }

  /**
   * Parses a Go duration string.
   *
   * @param value the string, e.g. {@code 1m30s}; may be {@code null}
   * @return the duration, or empty when {@code value} is {@code null}, blank, not a Go duration,
   *     or out of Go's range (about 292 years) (never throws)
   */
  public static Optional<Duration> parse(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    String s = value;
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    if (s.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        return Optional.empty();
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      long unit = unitNanos(s.substring(unitStart, i));
      if (unit == 0) {
        return Optional.empty();
      }
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
    }
    nanos = nanos.setScale(0, RoundingMode.DOWN);
    if (nanos.compareTo(MAX_NANOS) > 0) {
      return Optional.empty();
    }
    long total = nanos.longValueExact();
    return Optional.of(Duration.ofNanos(negative ? -total : total));
  }

  private static long unitNanos(String unit) {
    switch (unit) {
      case "ns":
        return 1L;
      case "us":
      case "\u00b5s": // micro sign
      case "\u03bcs": // Greek mu
        return 1_000L;
      case "ms":
        return 1_000_000L;
      case "s":
        return NANOS_PER_SECOND;
      case "m":
        return 60 * NANOS_PER_SECOND;
      case "h":
        return 3600 * NANOS_PER_SECOND;
      default:
        return 0;
    }
  }

  /**
   * Formats a duration the way Go's {@code time.Duration.String()} does, which is how the API
   * server and upstream controllers write {@code metav1.Duration}: {@code 0s}, {@code 500ms},
   * {@code 30s}, {@code 1m0s}, {@code 1h30m0s}, {@code -1s}.
   *
   * @param duration the duration; must fit Go's range of about ±292 years
   * @return the Go duration string, which {@link #parse(String)} reads back to the same value
   * @throws ArithmeticException if the duration does not fit in a signed 64-bit count of
   *     nanoseconds
   */
  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    boolean negative = nanos < 0;
    // magnitude as unsigned; Long.MIN_VALUE stays representable through BigDecimal
    BigDecimal magnitude = BigDecimal.valueOf(nanos).abs();
    StringBuilder out = new StringBuilder();
    if (magnitude.compareTo(BigDecimal.valueOf(NANOS_PER_SECOND)) < 0) {
      long n = magnitude.longValueExact();
      if (n < 1_000L) {
        out.append(n).append("ns");
      } else if (n < 1_000_000L) {
        out.append(fraction(n, 3)).append("\u00b5s");
      } else {
        out.append(fraction(n, 6)).append("ms");
      }
    } else {
      BigDecimal[] minutesAndNanos = magnitude.divideAndRemainder(BigDecimal.valueOf(60 * NANOS_PER_SECOND));
      long totalMinutes = minutesAndNanos[0].longValueExact();
      long secondNanos = minutesAndNanos[1].longValueExact();
      if (totalMinutes >= 60) {
        out.append(totalMinutes / 60).append('h');
      }
      if (totalMinutes > 0) {
        out.append(totalMinutes % 60).append('m');
      }
      out.append(fraction(secondNanos, 9)).append('s');
    }
    return negative ? "-" + out : out.toString();
  }

  /** {@code value / 10^digits} in decimal, without trailing zeros after the point. */
  private static String fraction(long value, int digits) {
    return BigDecimal.valueOf(value, digits).stripTrailingZeros().toPlainString();
  }
}
