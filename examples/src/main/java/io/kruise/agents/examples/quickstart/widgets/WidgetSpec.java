package io.kruise.agents.examples.quickstart.widgets;

/** A widget's desired state. */
public class WidgetSpec {
  private String color;

  /** @return the color */
  public String getColor() {
    return color;
  }

  /** @param color the color */
  public void setColor(String color) {
    this.color = color;
  }
}
