package io.kruise.agents.client.exceptions;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input was refused, either by the client before any request (a blank or malformed name, a body
 * of the wrong kind, negative replicas, an unsupported patch type) or by the server with HTTP 400
 * or 422 (schema violations). {@link #causes()} lists each offending field.
 */
public class ValidationException extends AgentsApiException {

  private static final long serialVersionUID = 1L;

  /**
   * One refused field.
   *
   * @param field the field path, e.g. {@code metadata.name} or {@code spec.replicas}
   * @param reason a machine-readable reason (the server's cause type, e.g. {@code FieldValueNotSupported}, or a client-side reason such as {@code Required})
   * @param message what is wrong with it
   */
  public record FieldCause(String field, String reason, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private final List<FieldCause> causes;

  /**
   * Creates the exception.
   *
   * @param message the summary
   * @param code 400 or 422 for server refusals, 0 for client-side validation
   * @param causes the offending fields
   * @param cause the underlying exception, or null for client-side validation
   */
  public ValidationException(String message, int code, List<FieldCause> causes, Throwable cause) {
    super(message, code, cause);
    this.causes = List.copyOf(causes);
  }

  /**
   * Creates a client-side validation failure for one field.
   *
   * @param field the field path
   * @param reason a short reason such as {@code Required} or {@code Invalid}
   * @param message what is wrong with it
   * @return the exception, message {@code "<field>: <message>"}
   */
  public static ValidationException forField(String field, String reason, String message) {
    return new ValidationException(field + ": " + message, 0,
        List.of(new FieldCause(field, reason, message)), null);
  }

  /**
   * Creates a client-side validation failure for one field, keeping what detected it (for
   * example the JSON or YAML parser's exception) as the cause.
   *
   * @param field the field path or argument name
   * @param reason a short reason such as {@code Invalid}
   * @param message what is wrong with it
   * @param cause the underlying exception
   * @return the exception, message {@code "<field>: <message>"}, {@link #code()} 0
   */
  public static ValidationException forField(String field, String reason, String message,
      Throwable cause) {
    return new ValidationException(field + ": " + message, 0,
        List.of(new FieldCause(field, reason, message)), cause);
  }

  /** @return the offending fields, never null */
  public List<FieldCause> causes() {
    return causes;
  }

  /** @return the offending field paths, in order */
  public List<String> fields() {
    return causes.stream().map(FieldCause::field).collect(Collectors.toList());
  }
}
