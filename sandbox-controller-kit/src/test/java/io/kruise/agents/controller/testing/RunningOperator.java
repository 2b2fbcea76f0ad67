package io.kruise.agents.controller.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.SharedInformers;

/**
 * The Operator an {@link OperatorExtension} runs for a test class, and what it runs on. A test
 * parameter of this type (or of type {@link Operator}) is resolved by the extension.
 *
 * @param operator the started Operator
 * @param agents the client whose shared informers the Operator uses (unless the extension was
 *     built {@code withoutSharing()}); a plain {@code AgentsClient} parameter is another client
 *     from the testkit, with informers of its own
 * @param kubernetesClient the fabric8 client under {@code agents}
 * @param namespace the namespace of the test class; every controller watches only it
 * @param requests the client's requests, when the extension was built with a {@link RequestLog}
 */
public record RunningOperator(Operator operator, AgentsClient agents,
    KubernetesClient kubernetesClient, String namespace, RequestLog requests) {

  /** @return the shared informers of {@link #agents()} */
  public SharedInformers informers() {
    return SharedInformers.of(agents);
  }
}
