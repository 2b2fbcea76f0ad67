package io.kruise.agents.client.exceptions;

/**
 * A deadline passed: a wait did not see its condition in time, or a request got no answer
 * within the configured request timeout. For waits the message names the object, the condition
 * and the last state seen; {@link #lastSeen()} returns that object.
 */
public class TimeoutException extends AgentsApiException {

  private static final long serialVersionUID = 1L;

  private final transient Object lastSeen;

  /**
   * Creates the exception.
   *
   * @param message what timed out and what was last seen
   * @param lastSeen the last version of the awaited object, or null
   * @param cause the underlying exception, or null
   */
  public TimeoutException(String message, Object lastSeen, Throwable cause) {
    super(message, 0, cause);
    this.lastSeen = lastSeen;
  }

  /**
   * The last version of the awaited object that the wait saw, typed by the caller.
   *
   * @param <T> the expected type (Sandbox or SandboxSet)
   * @return the object, or null when nothing was seen or this was a request timeout
   */
  @SuppressWarnings("unchecked")
  public <T> T lastSeen() {
    return (T) lastSeen;
  }
}
