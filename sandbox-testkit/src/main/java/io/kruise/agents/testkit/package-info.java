/**
 * JUnit 5 extensions that give a test a client connected to (a) fabric8's in-process mock API
 * server with the Sandbox CRDs ({@link io.kruise.agents.testkit.WithMockApiServer}), or (b) a real
 * Kubernetes API server with etcd, built from Debian packages and started on loopback
 * ({@link io.kruise.agents.testkit.WithRealApiServer}), or an external cluster named by
 * {@code SANDBOX_TEST_KUBECONFIG}.
 */
package io.kruise.agents.testkit;
