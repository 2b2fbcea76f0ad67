package io.kruise.agents.widget;

import io.kruise.agents.client.exceptions.NotFoundException;

/** A Widget does not exist, or was deleted while the caller waited for it. */
public class WidgetNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  public WidgetNotFoundException(String namespace, String name, String detail, Throwable cause) {
    super("Widget", namespace, name, detail, cause);
  }
}
