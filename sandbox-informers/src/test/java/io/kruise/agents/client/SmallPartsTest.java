package io.kruise.agents.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.exceptions.ClientClosedException;
import io.kruise.agents.client.exceptions.ConfigurationException;
import io.kruise.agents.client.exceptions.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests of field selectors, patch types, configuration and the watch queue. */
class SmallPartsTest {

  @Test
  void fieldSelectorsParseEqualityAndInequality() {
    assertThat(FieldSelectors.parse("metadata.name=a, metadata.namespace!=b,status.phase==Running"))
        .containsExactly(new FieldSelectors.Term("metadata.name", "a", false),
            new FieldSelectors.Term("metadata.namespace", "b", true),
            new FieldSelectors.Term("status.phase", "Running", false));
    assertThat(FieldSelectors.parse(null)).isEmpty();
    assertThatThrownBy(() -> FieldSelectors.parse("nonsense"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("fieldSelector");
  }

  @Test
  void patchTypesFromContentTypes() {
    assertThat(PatchType.fromContentType(null)).isEqualTo(PatchType.MERGE);
    assertThat(PatchType.fromContentType("application/json-patch+json")).isEqualTo(PatchType.JSON);
    assertThat(PatchType.fromContentType("application/apply-patch+yaml"))
        .isEqualTo(PatchType.APPLY);
    assertThatThrownBy(() -> PatchType.fromContentType("application/strategic-merge-patch+json"))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("patchType"));
    assertThatThrownBy(() -> PatchType.fromContentType("text/plain"))
        .hasMessageContaining("unknown patch content type");
    assertThat(PatchOptions.fieldManager("me").withForce()).isEqualTo(new PatchOptions("me", true));
  }

  @Test
  void configurationBuilderValidatesAndDefaults() {
    Configuration c = Configuration.builder().namespace("team").defaultTimeout(Duration.ofSeconds(9))
        .requestTimeout(Duration.ofSeconds(3)).context("ctx").fieldManager("fm").build();
    assertThat(c.namespace()).contains("team");
    assertThat(c.defaultTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
    assertThat(Configuration.defaults().defaultTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(Configuration.defaults().fieldManager()).isEqualTo("kruise-agents-java");
    assertThatThrownBy(() -> Configuration.builder().defaultTimeout(Duration.ZERO))
        .hasMessageContaining("defaultTimeout");
    assertThatThrownBy(() -> Configuration.builder().namespace("Bad_NS"))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Configuration.builder().fieldManager(" "))
        .hasMessageContaining("fieldManager");
  }

  @Test
  void clusterConfigurationDiscoveryFollowsTheUsualOrder(@TempDir Path home) throws Exception {
    Map<String, String> env = new java.util.HashMap<>();
    Map<String, String> props = new java.util.HashMap<>(Map.of("user.home", home.toString()));
    assertThat(Configuration.findClusterConfiguration(env::get, props::get)).isEmpty();
    Path kube = Files.createDirectories(home.resolve(".kube")).resolve("config");
    Files.writeString(kube, "apiVersion: v1\nkind: Config\n");
    assertThat(Configuration.findClusterConfiguration(env::get, props::get))
        .contains("kubeconfig " + kube);
    env.put("KUBECONFIG", kube.toString());
    assertThat(Configuration.findClusterConfiguration(env::get, props::get))
        .contains("KUBECONFIG " + kube);
    props.put("kubernetes.master", "https://127.0.0.1:6443");
    assertThat(Configuration.findClusterConfiguration(env::get, props::get))
        .contains("master URL https://127.0.0.1:6443");
  }

  @Test
  void noClusterConfigurationIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> AgentsClient.load(Configuration.defaults(), Optional.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no Kubernetes configuration found")
        .hasMessageContaining("AgentsClient.create(KubernetesClient)");
    Path missing = dir.resolve("missing-kubeconfig");
    assertThatThrownBy(() -> AgentsClient.create(Configuration.builder().kubeconfig(missing)
        .build())).isInstanceOf(ConfigurationException.class).hasMessageContaining(missing
            .toString());
  }

  @Test
  void explicitKubeconfigIsLoaded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("kc");
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster: {server: "https://127.0.0.1:1"}
        users:
        - name: u
          user: {token: secret}
        contexts:
        - name: ctx
          context: {cluster: c, user: u, namespace: from-kubeconfig}
        current-context: ctx
        """);
    try (AgentsClient agents = AgentsClient.create(Configuration.builder().kubeconfig(file)
        .requestTimeout(Duration.ofSeconds(7)).build())) {
      assertThat(agents.namespace()).isEqualTo("from-kubeconfig");
      assertThat(agents.kubernetesClient().getConfiguration().getRequestTimeout()).isEqualTo(7000);
      assertThat(agents.sandboxes("other").namespace()).isEqualTo("other");
    }
  }

  @Test
  void watchQueueEndsAfterAnErrorEventAndIsSingleUse() {
    QueueWatchStream<String> stream = new QueueWatchStream<>();
    List<Boolean> closed = new ArrayList<>();
    stream.onClose(() -> closed.add(true));
    stream.offer(WatchEvent.of(WatchEventType.ADDED, "a"));
    stream.offer(WatchEvent.error(new io.kruise.agents.client.exceptions.AgentsApiException("x")));
    stream.offer(WatchEvent.of(WatchEventType.ADDED, "ignored after the end"));
    List<WatchEvent<String>> events = new ArrayList<>();
    stream.forEach(events::add);
    assertThat(events).extracting(WatchEvent::type)
        .containsExactly(WatchEventType.ADDED, WatchEventType.ERROR);
    assertThat(closed).containsExactly(true);
    assertThatThrownBy(stream::iterator).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closedAgentsClientRefusesNewClients(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("kc");
    Files.writeString(file, "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: "
        + "{server: \"https://127.0.0.1:1\"}\ncontexts:\n- name: x\n  context: {cluster: c}\n"
        + "current-context: x\n");
    AgentsClient agents = AgentsClient.create(Configuration.builder().kubeconfig(file).build());
    agents.close();
    agents.close();
    assertThatThrownBy(agents::sandboxes).isInstanceOf(ClientClosedException.class)
        .hasMessageContaining("AgentsClient was closed");
  }
}
