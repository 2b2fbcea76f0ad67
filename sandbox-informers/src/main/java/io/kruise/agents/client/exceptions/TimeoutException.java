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
   * The timeout of a wait on one object: names the object, the condition and the last state seen
   * (its resourceVersion, phase or replicas, and conditions).
   *
   * @param kind the object's kind, e.g. {@code Sandbox}
   * @param namespace its namespace
   * @param name its name
   * @param condition what was awaited, e.g. {@code condition Ready=True}
   * @param timeout how long the wait lasted
   * @param lastSeen the last version seen, or null
   * @return the exception
   */
  public static TimeoutException forWait(String kind, String namespace, String name,
      String condition, java.time.Duration timeout, Object lastSeen) {
    return new TimeoutException(kind + " " + namespace + "/" + name + " did not reach " + condition
        + " within " + timeout + "; last seen: " + StateSummary.of(lastSeen), lastSeen, null);
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
