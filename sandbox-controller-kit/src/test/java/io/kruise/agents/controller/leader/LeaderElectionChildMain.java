package io.kruise.agents.controller.leader;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.testkit.JavaProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A controller instance in its own JVM, for the leader election and sharding tests: an Operator
 * with leader election (lease 4 s, renew deadline 3 s, retry 1 s) and a SandboxSet reconciler that
 * only records each reconcile. It connects with the {@code KUBECONFIG} its parent gave it and
 * works in that context's namespace. It prints one line per fact on stdout:
 * {@code new-leader <id>}, {@code leading}, {@code lost}, {@code started},
 * {@code reconcile <name> <generation>}, {@code created <sandbox>} (sharded), and with
 * {@code observe=true}
 * {@code seen <name> <generation>} for every SandboxSet change its own extra informer sees.
 *
 * <p>Arguments, {@code key=value}: {@code identity} (required), {@code lease} (the Lease name,
 * unless {@code shard}/{@code shards} give a shard of controller {@code leader-test}),
 * {@code observe}.
 */
public final class LeaderElectionChildMain {

  static final Duration LEASE_DURATION = Duration.ofSeconds(4);
  static final Duration RENEW_DEADLINE = Duration.ofSeconds(3);
  static final Duration RETRY_PERIOD = Duration.ofSeconds(1);
  static final String SHARDED_CONTROLLER = "leader-test";

  private LeaderElectionChildMain() {}

  /**
   * @param args {@code key=value} pairs, see the class comment
   * @throws InterruptedException never in practice: the process ends by a kill or JOSDK's exit
   */
  public static void main(String[] args) throws InterruptedException {
    JavaProcess.exitWithParent();
    Map<String, String> arg = new HashMap<>();
    for (String a : args) {
      arg.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    String namespace = client.getNamespace();
    Shard shard = arg.containsKey("shard") ? Sharding.of(SHARDED_CONTROLLER,
        Integer.parseInt(arg.get("shards"))).shard(Integer.parseInt(arg.get("shard"))) : null;

    LeaderElectionSettings election = (shard != null ? shard.leaderElection()
        : LeaderElectionSettings.builder(arg.get("lease")))
        .identity(arg.get("identity")).leaseNamespace(namespace)
        .leaseDuration(LEASE_DURATION).renewDeadline(RENEW_DEADLINE).retryPeriod(RETRY_PERIOD)
        .onNewLeader(leader -> print("new-leader " + leader))
        .onStartLeading(() -> print("leading"))
        .onLostLeadership(() -> print("lost"))
        .build();

    Operator operator = new Operator(o -> o.withKubernetesClient(client)
        .withLeaderElectionConfiguration(election.toJosdk()));
    operator.register(new RecordingReconciler(shard), c -> {
      c.settingNamespace(namespace);
      if (shard != null) {
        c.withLabelSelector(shard.labelSelector());
      }
    });
    operator.start();
    print("started");

    if (Boolean.parseBoolean(arg.get("observe"))) {
      client.resources(SandboxSet.class).inNamespace(namespace).inform(
          new ResourceEventHandler<>() {
            @Override
            public void onAdd(SandboxSet set) {
              seen(set);
            }

            @Override
            public void onUpdate(SandboxSet oldSet, SandboxSet set) {
              seen(set);
            }

            @Override
            public void onDelete(SandboxSet set, boolean unknown) {}
          });
    }
    new CountDownLatch(1).await();
  }

  private static void seen(SandboxSet set) {
    print("seen " + set.getMetadata().getName() + " " + set.getMetadata().getGeneration());
  }

  private static void print(String line) {
    System.out.println(line);
  }

  /**
   * Records each reconcile on stdout. Sharded, it also keeps one Sandbox per SandboxSet, named
   * {@code <set>-0}, labelled from the set's pod template (so it carries the shard label), watched
   * with the shard's label selector: the least a pool controller does, to show that the shard's
   * Sandboxes follow its SandboxSets.
   */
  static final class RecordingReconciler implements Reconciler<SandboxSet> {
    private final Shard shard;

    RecordingReconciler(Shard shard) {
      this.shard = shard;
    }

    @Override
    public List<EventSource<?, SandboxSet>> prepareEventSources(
        EventSourceContext<SandboxSet> context) {
      if (shard == null) {
        return List.of();
      }
      return List.of(new InformerEventSource<>(InformerEventSourceConfiguration
          .from(Sandbox.class, SandboxSet.class)
          .withLabelSelector(shard.labelSelector())
          .withNamespacesInheritedFromController()
          .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(SandboxSet.class))
          .build(), context));
    }

    @Override
    public UpdateControl<SandboxSet> reconcile(SandboxSet set, Context<SandboxSet> context) {
      print("reconcile " + set.getMetadata().getName() + " " + set.getMetadata().getGeneration());
      if (shard != null && context.getSecondaryResource(Sandbox.class).isEmpty()) {
        Sandbox sandbox = Sandbox.of(set.getMetadata().getNamespace(),
            set.getMetadata().getName() + "-0", new SandboxSpec());
        sandbox.getMetadata().setLabels(set.getSpec().getTemplate().getMetadata().getLabels());
        sandbox.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
            .withApiVersion(set.getApiVersion()).withKind(set.getKind())
            .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid())
            .withController(true).build()));
        try {
          context.getClient().resource(sandbox).create();
          print("created " + sandbox.getMetadata().getName());
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
          // created by an earlier reconcile whose event this informer has not delivered yet
        }
      }
      return UpdateControl.noUpdate();
    }
  }
}
