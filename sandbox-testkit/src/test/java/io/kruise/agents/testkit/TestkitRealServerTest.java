package io.kruise.agents.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.testkit.RequestCounts.Scope;
import io.kruise.agents.testkit.RequestCounts.Verb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the testkit's real API server offers controllers: Leases, permission reviews from its own
 * authorizer, request counters, and a kubeconfig for another process.
 */
@WithRealApiServer
class TestkitRealServerTest {

  private static final String GROUP = AgentsApi.GROUP;

  @Test
  void leasesRoundTripWithTheRealLeaseSpecAndOptimisticConcurrency(KubernetesClient client,
      TestCluster cluster) {
    // MicroTime: microseconds, as Kubernetes and fabric8's LeaseLock write them
    ZonedDateTime acquired = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    Lease created = client.leases().inNamespace(cluster.namespace()).resource(new LeaseBuilder()
        .withNewMetadata().withName("leader").endMetadata()
        .withNewSpec().withHolderIdentity("a").withLeaseDurationSeconds(4)
        .withAcquireTime(acquired).withRenewTime(acquired.plusNanos(123_456_000))
        .withLeaseTransitions(0).withPreferredHolder("b").withStrategy("OldestEmulationVersion")
        .endSpec().build()).create();

    Lease read = client.leases().inNamespace(cluster.namespace()).withName("leader").get();
    assertThat(read.getSpec()).isEqualTo(created.getSpec());
    assertThat(read.getSpec().getRenewTime().toInstant())
        .isEqualTo(acquired.plusNanos(123_456_000).toInstant());
    assertThat(read.getSpec().getPreferredHolder()).isEqualTo("b");
    assertThat(read.getSpec().getStrategy()).isEqualTo("OldestEmulationVersion");

    Lease taken = new LeaseBuilder(read).editSpec().withHolderIdentity("c")
        .withLeaseTransitions(1).endSpec().build();
    Lease updated = client.leases().inNamespace(cluster.namespace()).resource(taken).update();
    assertThat(updated.getSpec().getHolderIdentity()).isEqualTo("c");
    assertThat(client.leases().inNamespace(cluster.namespace()).withName("leader").get()
        .getSpec().getLeaseTransitions()).isEqualTo(1);

    // a write from the old resourceVersion is refused, as leader election relies on
    Lease stale = new LeaseBuilder(read).editSpec().withHolderIdentity("d").endSpec().build();
    assertThatThrownBy(() -> client.leases().inNamespace(cluster.namespace()).resource(stale)
        .update()).isInstanceOfSatisfying(KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(409));
    // and the schema is the real one: a wrongly typed field is refused, not stored
    assertThatThrownBy(() -> client.genericKubernetesResources("coordination.k8s.io/v1", "Lease")
        .inNamespace(cluster.namespace()).resource(Serialization.unmarshal("{\"apiVersion\":"
            + "\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"bad\"},"
            + "\"spec\":{\"leaseDurationSeconds\":\"four\"}}",
            io.fabric8.kubernetes.api.model.GenericKubernetesResource.class)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(422));
  }

  @Test
  void rulesReviewsAnswerFromTheServersOwnAuthorizer(KubernetesClient admin, TestCluster cluster) {
    try (KubernetesClient viewer = cluster.newReadOnlyClient()) {
      List<String> adminVerbs = leaseVerbs(admin, cluster.namespace());
      List<String> viewerVerbs = leaseVerbs(viewer, cluster.namespace());

      // what java-operator-sdk's LeaderElectionManager checks: create, update, get on leases
      assertThat(adminVerbs).containsExactly("*");
      assertThat(viewerVerbs).containsExactlyInAnyOrder("get", "list", "watch");

      // and the answers are what the server enforces
      assertThat(accessReview(admin, cluster.namespace(), "create")).isTrue();
      assertThat(accessReview(viewer, cluster.namespace(), "create")).isFalse();
      assertThat(accessReview(viewer, cluster.namespace(), "list")).isTrue();
      assertThatThrownBy(() -> viewer.leases().inNamespace(cluster.namespace()).resource(
          new LeaseBuilder().withNewMetadata().withName("viewer").endMetadata().build()).create())
          .isInstanceOfSatisfying(KubernetesClientException.class,
              e -> assertThat(e.getCode()).isEqualTo(403));
      // reading is allowed: a missing Lease is null, not a 403
      assertThat(viewer.leases().inNamespace(cluster.namespace()).withName("viewer").get())
          .isNull();
    }
  }

  private static List<String> leaseVerbs(KubernetesClient client, String namespace) {
    SelfSubjectRulesReview review = client.resource(new SelfSubjectRulesReviewBuilder()
        .withNewSpec().withNamespace(namespace).endSpec().build()).create();
    assertThat(review.getStatus().getIncomplete()).isFalse();
    return review.getStatus().getResourceRules().stream()
        .filter(r -> matches(r.getApiGroups(), "coordination.k8s.io")
            && matches(r.getResources(), "leases"))
        .map(ResourceRule::getVerbs).flatMap(Collection::stream).distinct().toList();
  }

  private static boolean matches(List<String> values, String value) {
    return values.contains(value) || values.contains("*");
  }

  private static boolean accessReview(KubernetesClient client, String namespace, String verb) {
    SelfSubjectAccessReview review = client.resource(new SelfSubjectAccessReviewBuilder()
        .withNewSpec().withNewResourceAttributes().withNamespace(namespace).withVerb(verb)
        .withGroup("coordination.k8s.io").withResource("leases").endResourceAttributes()
        .endSpec().build()).create();
    return review.getStatus().getAllowed();
  }

  @Test
  void requestCountsShowListsWhenTheyEndAndWatchesWhenTheyStart(KubernetesClient client,
      TestCluster cluster) {
    String ns = cluster.namespace();
    RequestCounts before = cluster.requestCounts();
    StartedRequests startedBefore = cluster.requestsStarted();

    client.resources(Sandbox.class).inNamespace(ns).list();
    assertThat(client.resources(Sandbox.class).inNamespace(ns).withName("absent").get()).isNull();

    RequestCounts afterReads = cluster.requestCounts().since(before);
    assertThat(afterReads.count(Verb.LIST, GROUP, "sandboxes", Scope.NAMESPACE, "200"))
        .isEqualTo(1);
    assertThat(afterReads.count(Verb.GET, GROUP, "sandboxes", Scope.RESOURCE, "404"))
        .isEqualTo(1);
    assertThat(cluster.requestsStarted().since(startedBefore)
        .count(Verb.LIST, GROUP, "sandboxes", Scope.NAMESPACE, ns)).isEqualTo(1);

    Watch watch = client.resources(SandboxSet.class).inNamespace(ns).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, SandboxSet resource) {}

      @Override
      public void onClose(WatcherException cause) {}
    });
    try {
      // opened: counted as started at once, in this namespace ...
      Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
          cluster.requestsStarted().since(startedBefore)
              .count(Verb.WATCH, GROUP, "sandboxsets", Scope.NAMESPACE, ns)).isEqualTo(1));
      // ... but not yet in apiserver_request_total, which counts a request when it ends
      assertThat(cluster.requestCounts().since(before)
          .count(Verb.WATCH, GROUP, "sandboxsets", Scope.NAMESPACE)).isZero();
    } finally {
      watch.close();
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        cluster.requestCounts().since(before)
            .count(Verb.WATCH, GROUP, "sandboxsets", Scope.NAMESPACE)).isEqualTo(1));
  }

  @Test
  void aChildJvmConnectsWithTheWrittenKubeconfig(KubernetesClient client, TestCluster cluster,
      @TempDir Path dir) throws Exception {
    client.resources(Sandbox.class).inNamespace(cluster.namespace())
        .resource(Sandbox.of(cluster.namespace(), "seen-by-child", new SandboxSpec())).create();
    Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)))
        .isEqualTo("rw-------");

    try (JavaProcess child = JavaProcess.builder(KubeconfigChildMain.class)
        .kubeconfig(kubeconfig).jvmArgs("-XX:TieredStopAtLevel=1").start()) {
      assertThat(child.awaitLine(l -> l.startsWith("sandboxes "), Duration.ofSeconds(60)))
          .isEqualTo("sandboxes [seen-by-child]");
      assertThat(child.output()).startsWith("namespace " + cluster.namespace());
      assertThat(child.awaitExit(Duration.ofSeconds(30))).isZero();
    }
  }
}
