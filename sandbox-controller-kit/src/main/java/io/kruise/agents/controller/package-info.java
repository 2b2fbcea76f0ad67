/**
 * Reconciler helpers for controllers of the agents kinds on java-operator-sdk and the
 * shared informer cache. They compute, like JOSDK's {@code UpdateControl}; one place writes:
 * {@link io.kruise.agents.controller.StatusConditions} (conditions on copies),
 * {@link io.kruise.agents.controller.StatusWriter} (a status write only when it changed),
 * {@link io.kruise.agents.controller.OwnerReferences} (controller references, adoption and
 * orphaning), {@link io.kruise.agents.controller.MetadataEdits} (labels, annotations and
 * finalizers) and {@link io.kruise.agents.controller.Expectations} (creations and deletions in
 * flight while the cache lags).
 */
package io.kruise.agents.controller;
