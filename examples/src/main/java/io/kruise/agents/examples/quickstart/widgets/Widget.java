package io.kruise.agents.examples.quickstart.widgets;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * README "Adding a kind": the model class of a kind of the application's own (its CRD is
 * {@code widgets.example.com}: plural and group from the annotations). Its spec and status are
 * plain classes ({@link WidgetSpec}, {@link WidgetStatus}).
 */
// tag::kind-model[]
@Group("example.com")
@Version("v1")
public class Widget extends CustomResource<WidgetSpec, WidgetStatus> implements Namespaced {}
// end::kind-model[]
