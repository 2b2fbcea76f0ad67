/**
 * java-operator-sdk on the shared informers: {@link io.kruise.agents.controller.josdk.JosdkSharing}
 * makes JOSDK's own informers for Sandbox and SandboxSet views of the process's shared ones (one
 * watch per kind and scope), and {@link io.kruise.agents.controller.josdk.SharedInformerEventSource}
 * is an event source of secondary resources answered from the shared cache, with
 * {@link io.kruise.agents.controller.josdk.SecondaryMappers},
 * {@link io.kruise.agents.controller.josdk.SecondaryLookup} and
 * {@link io.kruise.agents.controller.josdk.OwnerIndexes}.
 */
package io.kruise.agents.controller.josdk;
