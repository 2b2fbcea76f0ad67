package io.kruise.agents.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.kruise.agents.client.exceptions.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A context the kubeconfig lacks is an error naming it and the contexts that exist; fabric8 on
 * its own falls back to the current context, which would connect with other credentials.
 */
class KubeconfigContextTest {

  private static final String KUBECONFIG = """
      apiVersion: v1
      kind: Config
      clusters:
      - name: c
        cluster: {server: "https://127.0.0.1:1"}
      users:
      - name: u
        user: {token: secret}
      contexts:
      - name: staging
        context: {cluster: c, user: u, namespace: from-staging}
      - name: production
        context: {cluster: c, user: u, namespace: from-production}
      current-context: production
      """;

  @TempDir
  Path dir;

  private Path kubeconfig() throws Exception {
    return Files.writeString(dir.resolve("kubeconfig"), KUBECONFIG);
  }

  @Test
  void anUnknownContextInAnExplicitKubeconfigIsAConfigurationError() throws Exception {
    Path file = kubeconfig();
    Configuration typo = Configuration.builder().kubeconfig(file).context("stagign").build();
    assertThatThrownBy(() -> AgentsClient.create(typo))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'stagign'")
        .hasMessageContaining(file.toString())
        .hasMessageContaining("production, staging");
  }

  @Test
  void aKnownContextIsUsed() throws Exception {
    Config config = AgentsClient.load(Configuration.builder().kubeconfig(kubeconfig())
        .context("staging").build(), Optional.empty());
    assertThat(config.getCurrentContext().getName()).isEqualTo("staging");
    assertThat(config.getNamespace()).isEqualTo("from-staging");
  }

  @Test
  void anUnknownContextInTheDiscoveredKubeconfigIsAConfigurationError() throws Exception {
    Path file = kubeconfig();
    String previous = System.getProperty("kubeconfig");
    System.setProperty("kubeconfig", file.toString());
    try {
      Configuration typo = Configuration.builder().context("prod").build();
      assertThatThrownBy(() -> AgentsClient.load(typo, Optional.of("kubeconfig " + file)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("'prod'")
          .hasMessageContaining("production, staging");
      Config known = AgentsClient.load(Configuration.builder().context("staging").build(),
          Optional.of("kubeconfig " + file));
      assertThat(known.getNamespace()).isEqualTo("from-staging");
    } finally {
      if (previous == null) {
        System.clearProperty("kubeconfig");
      } else {
        System.setProperty("kubeconfig", previous);
      }
    }
  }
}
