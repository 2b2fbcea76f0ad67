/**
 * Test support for controllers, shipped in the controller kit's test-jar:
 * {@link io.kruise.agents.controller.testing.OperatorExtension} runs an Operator for a test class
 * on the testkit's servers; {@link io.kruise.agents.controller.testing.RequestLog} counts a
 * client's API requests; {@link io.kruise.agents.controller.testing.WatchGate} makes a watch lag.
 */
package io.kruise.agents.controller.testing;
