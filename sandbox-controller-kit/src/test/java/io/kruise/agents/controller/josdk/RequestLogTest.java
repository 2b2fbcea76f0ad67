package io.kruise.agents.controller.josdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.kruise.agents.controller.testing.ApiRequests.Verb;
import io.kruise.agents.controller.testing.RequestLog;
import io.kruise.agents.controller.testing.RequestLog.Request;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client-side request counter classifies requests as the API server does. */
class RequestLogTest {

  private static final String BASE = "https://127.0.0.1:9/apis/agents.kruise.io/v1alpha1";
  private final KubernetesClient client = new KubernetesClientBuilder().build();
  private final RequestLog log = new RequestLog();

  @AfterEach
  void close() {
    client.close();
  }

  private Request record(String uri, UnaryOperator<HttpRequest.Builder> method) {
    log.before(null, method.apply(client.getHttpClient().newHttpRequestBuilder().uri(uri))
        .build(), null);
    return log.requests().get(log.requests().size() - 1);
  }

  @Test
  void verbsResourcesNamespacesAndSelectors() {
    assertThat(record(BASE + "/namespaces/a/sandboxes?limit=500&labelSelector=app%3Dweb",
        b -> b)).isEqualTo(new Request(Verb.LIST, "sandboxes", "a", "app=web"));
    assertThat(record(BASE + "/namespaces/a/sandboxes?allowWatchBookmarks=true&watch=true",
        b -> b)).isEqualTo(new Request(Verb.WATCH, "sandboxes", "a", null));
    assertThat(record(BASE + "/sandboxsets?watch=true", b -> b))
        .isEqualTo(new Request(Verb.WATCH, "sandboxsets", "", null));
    assertThat(record(BASE + "/namespaces/a/sandboxes/s1", b -> b))
        .isEqualTo(new Request(Verb.GET, "sandboxes", "a", null));
    assertThat(record(BASE + "/namespaces/a/sandboxes", b -> b.post("application/json", "{}")))
        .isEqualTo(new Request(Verb.POST, "sandboxes", "a", null));
    assertThat(record(BASE + "/namespaces/a/sandboxsets/p/status",
        b -> b.patch("application/merge-patch+json", "{}")))
        .isEqualTo(new Request(Verb.PATCH, "sandboxsets/status", "a", null));
    assertThat(record(BASE + "/namespaces/a/sandboxsets/p/status",
        b -> b.patch("application/apply-patch+yaml", "{}")))
        .isEqualTo(new Request(Verb.APPLY, "sandboxsets/status", "a", null));
    assertThat(record(BASE + "/namespaces/a/sandboxes/s1", b -> b.delete("application/json",
        "{}"))).isEqualTo(new Request(Verb.DELETE, "sandboxes", "a", null));
    assertThat(record("https://127.0.0.1:9/version", b -> b).verb()).isEqualTo(Verb.OTHER);

    assertThat(log.count(Verb.WATCH, "sandboxes", "a")).isEqualTo(1);
    assertThat(log.count(Verb.WATCH, "sandboxsets", "")).isEqualTo(1);
    assertThat(log.countAnyNamespace(Verb.WATCH, "sandboxes")).isEqualTo(1);
    assertThat(log.describe()).contains("WATCH sandboxes in a=1");
  }
}
