/**
 * Leader election and sharding for java-operator-sdk controllers of Sandboxes and SandboxSets.
 *
 * <p>{@link io.kruise.agents.controller.leader.LeaderElectionSettings} validates lease name,
 * namespace, identity and timing and turns them into JOSDK's {@code LeaderElectionConfiguration}
 * (its Javadoc says what JOSDK does when the lease is lost: it ends the JVM).
 * {@link io.kruise.agents.controller.leader.Sharding} splits SandboxSets into shards by a label,
 * each shard with its own Lease, so that several leaders work at once on disjoint SandboxSets.
 */
package io.kruise.agents.controller.leader;
