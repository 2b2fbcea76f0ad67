package io.kruise.agents.examples.quickstart;

import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.controller.StatusConditions;
import io.kruise.agents.controller.StatusWriter;
import io.kruise.agents.controller.claim.ClaimControllerOptions;
import io.kruise.agents.controller.claim.SandboxClaimController;
import io.kruise.agents.controller.josdk.JosdkSharing;
import io.kruise.agents.controller.leader.LeaderElectionSettings;
import io.kruise.agents.controller.pool.PoolControllerOptions;
import io.kruise.agents.controller.pool.SandboxSetPoolController;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The README's "Writing a controller" section. */
public final class Controllers {

  private Controllers() {}

  /**
   * Runs the library's SandboxSet pool controller on the shared informers.
   *
   * @param agents the client
   * @param namespace the namespace whose SandboxSets it keeps full
   * @return the started operator and the controller
   */
  public static Running runPoolController(AgentsClient agents, String namespace) {
    // tag::controller-pool[]
    Operator operator = new Operator(JosdkSharing.sharing(agents)); // JOSDK on the shared cache
    SandboxSetPoolController pools = SandboxSetPoolController.register(operator, agents,
        PoolControllerOptions.builder().namespace(namespace).build());
    operator.start();
    // pools.stats(): reconciles, created, deleted; at shutdown operator.stop(), then pools.close()
    // end::controller-pool[]
    return new Running(operator, pools);
  }

  /**
   * Runs the SandboxClaim controller next to the pool controller, on one operator.
   *
   * @param agents the client
   * @param namespace the namespace whose SandboxClaims it serves
   * @return the started operator and both controllers
   */
  public static ClaimsRunning runClaimController(AgentsClient agents, String namespace) {
    // tag::controller-claim[]
    Operator operator = new Operator(JosdkSharing.sharing(agents));
    SandboxSetPoolController pools = SandboxSetPoolController.register(operator, agents,
        PoolControllerOptions.builder().namespace(namespace).build());
    SandboxClaimController claims = SandboxClaimController.register(operator, agents,
        ClaimControllerOptions.builder().namespace(namespace).build());
    operator.start();
    // claims.stats(): claimed, completed, timedOut; at shutdown operator.stop(), claims.close()
    // end::controller-claim[]
    return new ClaimsRunning(operator, pools, claims);
  }

  /**
   * Claims three sandboxes of the pool {@code python} with a SandboxClaim and waits for them.
   *
   * @param agents the client
   * @param namespace the namespace of the claim and of the pool
   * @return the sandboxes the claim holds
   */
  public static List<Sandbox> claimThree(AgentsClient agents, String namespace) {
    // tag::controller-claim-use[]
    agents.sandboxClaims(namespace).createSandboxClaim(SandboxClaim.of(namespace, "job-42",
        new SandboxClaimSpec().withTemplateName("python")    // the SandboxSet to claim from
            .withReplicas(3)
            .withClaimTimeout(Duration.ofSeconds(30))        // then Completed, TimedOut=True
            .withTtlAfterCompleted(Duration.ofMinutes(10))   // then the claim is deleted
            .withLabels(Map.of("job", "42"))));              // stamped on each sandbox
    List<Sandbox> mine = agents.sandboxClaims(namespace)
        .waitForSandboxClaimCompleted("job-42", Duration.ofMinutes(1));
    // end::controller-claim-use[]
    return mine;
  }

  /**
   * The same with leader election: only the instance holding the Lease reconciles.
   *
   * @param agents the client
   * @param namespace the namespace of the SandboxSets and of the Lease
   * @return the started operator and the controller
   */
  public static Running runWithLeaderElection(AgentsClient agents, String namespace) {
    // tag::controller-leader[]
    LeaderElectionSettings leader = LeaderElectionSettings.builder("sandboxset-pool")
        .leaseNamespace(namespace)
        .leaseDuration(Duration.ofSeconds(15))
        .renewDeadline(Duration.ofSeconds(10))
        .retryPeriod(Duration.ofSeconds(2))
        .build();                       // JOSDK exits the JVM when this instance loses the Lease
    Operator operator = new Operator(o -> JosdkSharing.configure(o, agents)
        .withLeaderElectionConfiguration(leader.toJosdk()));
    SandboxSetPoolController pools = SandboxSetPoolController.register(operator, agents,
        PoolControllerOptions.builder().namespace(namespace).build());
    operator.start();
    // end::controller-leader[]
    return new Running(operator, pools);
  }

  /**
   * An operator and the pool controller it runs.
   *
   * @param operator the started operator
   * @param pools the controller
   */
  public record Running(Operator operator, SandboxSetPoolController pools)
      implements AutoCloseable {

    /** Stops the operator, then the controller. */
    @Override
    public void close() {
      operator.stop();
      pools.close();
    }
  }

  /**
   * An operator, the pool controller and the claim controller it runs.
   *
   * @param operator the started operator
   * @param pools the pool controller
   * @param claims the claim controller
   */
  public record ClaimsRunning(Operator operator, SandboxSetPoolController pools,
      SandboxClaimController claims) implements AutoCloseable {

    /** Stops the operator, then the controllers. */
    @Override
    public void close() {
      operator.stop();
      pools.close();
      claims.close();
    }
  }

  // tag::controller-reconciler[]
  /** Sets Ready on a SandboxSet while its pool is full; writes only when that changes. */
  public static final class PoolReadyReconciler implements Reconciler<SandboxSet> {
    private final StatusWriter<SandboxSet, SandboxSetStatus> status;

    /** @param agents writes go through it, so the cache shows them at once */
    public PoolReadyReconciler(AgentsClient agents) {
      this.status = StatusWriter.forSandboxSets(agents);
    }

    @Override
    public UpdateControl<SandboxSet> reconcile(SandboxSet set, Context<SandboxSet> context) {
      SandboxSetStatus now = set.getStatus();                  // shared: never change it
      int available = now == null ? 0 : now.getAvailableReplicas();
      int wanted = set.getSpec().getReplicas() == null ? 0 : set.getSpec().getReplicas();
      boolean full = available >= wanted;
      Condition ready = StatusConditions.condition(ConditionTypes.READY,
          full ? "True" : "False", full ? "PoolFull" : "PoolFilling",
          available + " of " + wanted + " available", set.getMetadata().getGeneration());
      // computes a copy; the write carries the resourceVersion read and is skipped if unchanged
      status.write(set, StatusConditions.withCondition(now, ready, Instant.now()));
      return UpdateControl.noUpdate();
    }
  }
  // end::controller-reconciler[]
}
