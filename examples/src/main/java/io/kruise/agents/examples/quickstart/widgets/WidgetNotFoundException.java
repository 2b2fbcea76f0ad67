package io.kruise.agents.examples.quickstart.widgets;

import io.kruise.agents.client.exceptions.NotFoundException;

/** A widget does not exist, or was deleted while the caller waited for it. */
public class WidgetNotFoundException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  /**
   * @param namespace the namespace searched
   * @param name the missing widget's name
   * @param detail why it is missing
   * @param cause the underlying exception, or null
   */
  public WidgetNotFoundException(String namespace, String name, String detail, Throwable cause) {
    super("Widget", namespace, name, detail, cause);
  }
}
