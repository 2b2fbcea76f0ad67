package io.kruise.agents.client.exceptions;

/**
 * The server refused a write with HTTP 409: the object already exists, or the write carried a
 * resourceVersion that is no longer current (optimistic concurrency), or a server-side apply hit
 * a field owned by another manager.
 *
 * <p>{@link #reason()} says which, so callers can retry only what is worth retrying.
 */
public class ConflictException extends AgentsApiException {

  private static final long serialVersionUID = 1L;

  /** Why the write conflicted. */
  public enum Reason {
    /** A create named an object that already exists. */
    ALREADY_EXISTS,
    /** An update or status update carried a stale resourceVersion: re-read and retry. */
    STALE_RESOURCE_VERSION,
    /** A server-side apply would take fields owned by another field manager (retry with force). */
    APPLY_FIELD_CONFLICT,
    /** Any other 409. */
    OTHER
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param message what conflicted, with the server's message
   * @param reason which kind of conflict it is
   * @param cause the underlying exception
   */
  public ConflictException(String message, Reason reason, Throwable cause) {
    super(message, 409, cause);
    this.reason = reason;
  }

  /** @return which kind of conflict this is */
  public Reason reason() {
    return reason;
  }
}
