package io.kruise.agents.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Conversions between {@link Instant} and the RFC 3339 strings the model keeps for Kubernetes
 * times ({@code spec.shutdownTime}, {@code spec.pauseTime}, condition transition times).
 *
 * <p>The model stores times as strings, like fabric8's own model, so that whatever the server
 * sent is written back unchanged.
 */
public final class Times {

  private Times() {
  }

  /**
   * Parses an RFC 3339 date-time such as {@code 2025-01-02T03:04:05Z} or
   * {@code 2025-01-02T11:04:05.123+08:00}.
   *
   * @param value the string; may be {@code null}
   * @return the instant, or empty when {@code value} is {@code null}, blank or not a valid
   *     RFC 3339 date-time (never throws)
   */
  public static Optional<Instant> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Formats an instant the way the API server writes {@code metav1.Time}: UTC, whole seconds,
   * e.g. {@code 2025-01-02T03:04:05Z}.
   *
   * @param instant the instant; sub-second parts are dropped
   * @return the RFC 3339 string
   */
  public static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
