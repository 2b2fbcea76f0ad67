package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.CustomResource;
import io.kruise.agents.client.exceptions.NotFoundException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.SandboxSetNotFoundException;
import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxList;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetList;

/**
 * What the generic operations need to know about one kind: its Java types, names, and how to say
 * that an object of it is missing.
 *
 * @param <T> the resource type
 * @param <L> its list type
 * @param type the resource class
 * @param listType the list class
 * @param kind the kind, e.g. {@code Sandbox}
 * @param plural the plural resource name, e.g. {@code sandboxes}
 * @param notFound builds the kind's NotFound exception
 */
record ResourceKind<T extends CustomResource<?, ?>, L extends KubernetesResourceList<T>>(
    Class<T> type, Class<L> listType, String kind, String plural, NotFoundFactory notFound) {

  /** Builds a kind-specific {@link NotFoundException}. */
  @FunctionalInterface
  interface NotFoundFactory {
    NotFoundException create(String namespace, String name, String detail, Throwable cause);
  }

  static final ResourceKind<Sandbox, SandboxList> SANDBOX = new ResourceKind<>(Sandbox.class,
      SandboxList.class, AgentsApi.SANDBOX_KIND, AgentsApi.SANDBOX_PLURAL,
      SandboxNotFoundException::new);

  static final ResourceKind<SandboxSet, SandboxSetList> SANDBOX_SET = new ResourceKind<>(
      SandboxSet.class, SandboxSetList.class, AgentsApi.SANDBOXSET_KIND,
      AgentsApi.SANDBOXSET_PLURAL, SandboxSetNotFoundException::new);
}
