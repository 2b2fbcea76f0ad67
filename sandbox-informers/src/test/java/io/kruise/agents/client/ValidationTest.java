package io.kruise.agents.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.exceptions.ValidationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Unit tests of client-side validation. */
class ValidationTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "sandbox-1", "a.b.c", "0abc", "x-y.z-0"})
  void acceptsDns1123Subdomains(String name) {
    assertThat(Validation.name(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "Upper", "under_score", "-lead", "trail-", "a..b", "a b",
      ".dot"})
  void refusesOtherNames(String name) {
    assertThatThrownBy(() -> Validation.name(name)).isInstanceOfSatisfying(
        ValidationException.class, e -> {
          assertThat(e.fields()).containsExactly("metadata.name");
          assertThat(e.code()).isZero();
        });
  }

  @Test
  void refusesNullAndTooLongNames() {
    assertThatThrownBy(() -> Validation.name(null)).hasMessage(
        "metadata.name: must not be null or blank");
    assertThatThrownBy(() -> Validation.name("a".repeat(254))).hasMessageContaining(
        "DNS-1123 subdomain");
    assertThat(Validation.name("a".repeat(253))).hasSize(253);
  }

  @Test
  void namespacesAreDns1123Labels() {
    assertThat(Validation.namespace("team-a")).isEqualTo("team-a");
    assertThatThrownBy(() -> Validation.namespace("a.b")).hasMessageContaining("DNS-1123 label");
    assertThatThrownBy(() -> Validation.namespace("a".repeat(64)))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void replicasAndConditions() {
    assertThat(Validation.replicas(0)).isZero();
    assertThatThrownBy(() -> Validation.replicas(-1)).hasMessage(
        "spec.replicas: must not be negative, was -1");
    assertThatThrownBy(() -> Validation.replicas(null)).hasMessage("spec.replicas: must be set");
    Validation.condition("Ready", "Unknown");
    assertThatThrownBy(() -> Validation.condition("", "True")).hasMessageContaining(
        "conditionType");
    assertThatThrownBy(() -> Validation.condition("Ready", "true")).hasMessageContaining(
        "must be True, False or Unknown");
  }
}
