/**
 * Typed, unchecked exceptions of the client: every failure extends
 * {@link io.kruise.agents.client.exceptions.AgentsApiException} and keeps fabric8's exception as
 * its cause. HTTP 404 maps to the kind's NotFound exception, 409 to
 * {@link io.kruise.agents.client.exceptions.ConflictException}, 400/422 to
 * {@link io.kruise.agents.client.exceptions.ValidationException}, 401/403 to
 * {@link io.kruise.agents.client.exceptions.PermissionDeniedException}, 410 on a watch to
 * {@link io.kruise.agents.client.exceptions.ResourceVersionExpiredException}, and deadlines to
 * {@link io.kruise.agents.client.exceptions.TimeoutException}.
 */
package io.kruise.agents.client.exceptions;
