package io.kruise.agents.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.testkit.RequestCounts.Scope;
import io.kruise.agents.testkit.RequestCounts.Verb;
import org.junit.jupiter.api.Test;

/** Reading the API server's request counters from its Prometheus text. */
class RequestCountsTest {

  private static final String METRICS = """
      # HELP apiserver_request_total [STABLE] Counter of apiserver requests ...
      # TYPE apiserver_request_total counter
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="agents.kruise.io",resource="sandboxes",scope="namespace",subresource="",verb="LIST",version="v1alpha1"} 3
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="agents.kruise.io",resource="sandboxes",scope="namespace",subresource="",verb="WATCHLIST",version="v1alpha1"} 2
      apiserver_request_total{code="404",component="apiserver",dry_run="",group="agents.kruise.io",resource="sandboxes",scope="resource",subresource="",verb="GET",version="v1alpha1"} 1
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="agents.kruise.io",resource="sandboxsets",scope="resource",subresource="scale",verb="PUT",version="v1alpha1"} 4
      apiserver_request_total{code="200",component="",dry_run="",group="",resource="",scope="",subresource="/readyz",verb="GET",version=""} 7
      apiserver_request_total_other{code="200"} 99
      apiserver_request_duration_seconds_bucket{verb="LIST",le="0.1"} 5
      kruise_testkit_requests_started_total{group="agents.kruise.io",namespace="t-a",resource="sandboxes",scope="namespace",subresource="",verb="WATCH"} 1
      kruise_testkit_requests_started_total{group="agents.kruise.io",namespace="t-b",resource="sandboxes",scope="namespace",subresource="",verb="WATCH"} 2
      kruise_testkit_requests_started_total{group="x",namespace="we\\"ird\\\\ns",resource="r",scope="cluster",subresource="",verb="BOGUS"} 1
      """;

  @Test
  void readsTheSeriesOfTheCounterOnly() {
    RequestCounts counts = RequestCounts.fromMetrics(METRICS);
    assertThat(counts.count(Verb.LIST, "agents.kruise.io", "sandboxes", Scope.NAMESPACE))
        .isEqualTo(3);
    assertThat(counts.count(Verb.WATCH, "agents.kruise.io", "sandboxes", Scope.NAMESPACE))
        .as("the legacy WATCHLIST verb is a WATCH").isEqualTo(2);
    assertThat(counts.count(Verb.GET, "agents.kruise.io", "sandboxes", Scope.RESOURCE, "404"))
        .isEqualTo(1);
    assertThat(counts.count(Verb.GET, "agents.kruise.io", "sandboxes", Scope.RESOURCE, "200"))
        .isZero();
    assertThat(counts.count(Verb.PUT, "agents.kruise.io", "sandboxsets/scale", Scope.RESOURCE))
        .isEqualTo(4);
    assertThat(counts.count(Verb.PUT, "agents.kruise.io", "sandboxsets", Scope.RESOURCE))
        .as("a subresource is its own series").isZero();
    assertThat(counts.count(Verb.GET, "", "/readyz", Scope.NONE)).isEqualTo(7);
    assertThat(counts.asMap().values().stream().mapToLong(Long::longValue).sum())
        .as("other metrics with the same prefix are not read").isEqualTo(17);
  }

  @Test
  void sinceKeepsOnlyWhatChanged() {
    RequestCounts before = RequestCounts.fromMetrics(METRICS);
    RequestCounts after = RequestCounts.fromMetrics(METRICS.replace(
        "verb=\"LIST\",version=\"v1alpha1\"} 3", "verb=\"LIST\",version=\"v1alpha1\"} 5"));
    RequestCounts delta = after.since(before);
    assertThat(delta.asMap()).hasSize(1);
    assertThat(delta.count(Verb.LIST, "agents.kruise.io", "sandboxes", Scope.NAMESPACE))
        .isEqualTo(2);
  }

  @Test
  void startedRequestsArePerNamespaceWithUnescapedLabels() {
    StartedRequests started = StartedRequests.fromMetrics(METRICS);
    assertThat(started.count(Verb.WATCH, "agents.kruise.io", "sandboxes", Scope.NAMESPACE, "t-a"))
        .isEqualTo(1);
    assertThat(started.count(Verb.WATCH, "agents.kruise.io", "sandboxes", Scope.NAMESPACE, "t-b"))
        .isEqualTo(2);
    assertThat(started.count(Verb.OTHER, "x", "r", Scope.CLUSTER, "we\"ird\\ns")).isEqualTo(1);
    assertThat(started.since(started).asMap()).isEmpty();
  }

  @Test
  void aBrokenLineOfTheMetricIsAnErrorNamingIt() {
    assertThatThrownBy(() -> RequestCounts.fromMetrics(
        "apiserver_request_total{code=\"200\",verb=\"LIST\"} many\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("verb=\"LIST\"");
    assertThatThrownBy(() -> RequestCounts.fromMetrics("apiserver_request_total{code=\"20\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
