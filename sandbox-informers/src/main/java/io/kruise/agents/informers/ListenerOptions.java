package io.kruise.agents.informers;

import io.kruise.agents.client.LabelSelector;
import io.kruise.agents.client.exceptions.ValidationException;
import java.util.function.Predicate;

/**
 * How a listener is registered: its name (for logs and metrics) and which objects it wants.
 * A change that moves an object into the filter arrives as an add, one that moves it out as a
 * delete.
 *
 * @param name the listener's name, used in logs and metrics
 * @param namespace only objects of this namespace; null or empty for all
 * @param labelSelector only objects whose labels match; null for all
 * @param predicate only objects for which this holds; null for all
 * @param <T> Sandbox or SandboxSet
 */
public record ListenerOptions<T>(String name, String namespace, String labelSelector,
    Predicate<? super T> predicate) {

  /**
   * Checks the name and the selector.
   *
   * @param name the listener's name, for logs and metrics
   * @param namespace only objects of this namespace, or null for all
   * @param labelSelector only objects whose labels match, or null for all
   * @param predicate only objects it accepts, or null for all
   * @throws io.kruise.agents.client.exceptions.ValidationException for a blank name or a malformed
   *     selector
   */
  public ListenerOptions {
    if (name == null || name.isBlank()) {
      throw ValidationException.forField("name", "Required", "a listener needs a name");
    }
    LabelSelector.parse(labelSelector);
  }

  /**
   * @param name the listener's name
   * @param <T> the object type
   * @return options for a listener of every object
   */
  public static <T> ListenerOptions<T> named(String name) {
    return new ListenerOptions<>(name, null, null, null);
  }

  /**
   * @param ns the namespace
   * @return a copy limited to one namespace
   */
  public ListenerOptions<T> inNamespace(String ns) {
    return new ListenerOptions<>(name, ns, labelSelector, predicate);
  }

  /**
   * @param selector the label selector
   * @return a copy limited to matching labels
   */
  public ListenerOptions<T> withLabelSelector(String selector) {
    return new ListenerOptions<>(name, namespace, selector, predicate);
  }

  /**
   * @param filter the predicate
   * @return a copy limited to objects it accepts
   */
  public ListenerOptions<T> filter(Predicate<? super T> filter) {
    return new ListenerOptions<>(name, namespace, labelSelector, filter);
  }
}
