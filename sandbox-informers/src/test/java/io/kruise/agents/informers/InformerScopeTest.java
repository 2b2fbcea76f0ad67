package io.kruise.agents.informers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.exceptions.ValidationException;
import org.junit.jupiter.api.Test;

/** Validation, normalization and coverage of informer scopes. */
class InformerScopeTest {

  @Test
  void nullNamespaceMeansAllAndBlankSelectorMeansNone() {
    InformerScope scope = new InformerScope(null, "  ");
    assertThat(scope.namespace()).isEmpty();
    assertThat(scope.labelSelector()).isNull();
    assertThat(scope.isAllNamespaces()).isTrue();
    assertThat(scope).isEqualTo(InformerScope.allNamespaces())
        .hasSameHashCodeAs(InformerScope.allNamespaces());
  }

  @Test
  void selectorsAreTrimmedSoEqualScopesAreEqual() {
    assertThat(InformerScope.namespace("a").withLabelSelector(" app=x "))
        .isEqualTo(new InformerScope("a", "app=x"));
    assertThat(InformerScope.namespace("a")).isNotEqualTo(InformerScope.namespace("b"));
    assertThat(InformerScope.namespace("a").isAllNamespaces()).isFalse();
  }

  @Test
  void invalidNamespaceIsAValidationError() {
    assertThatThrownBy(() -> InformerScope.namespace("Not_A_Label"))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("namespace"));
  }

  @Test
  void invalidSelectorFailsWhenTheScopeIsMade() {
    assertThatThrownBy(() -> InformerScope.allNamespaces().withLabelSelector("a in b"))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("labelSelector"));
  }

  @Test
  void allNamespacesWithoutSelectorCoversEveryNamespace() {
    assertThat(InformerScope.allNamespaces().coversAllOf("a")).isTrue();
    assertThat(InformerScope.allNamespaces().coversAllOf("b")).isTrue();
  }

  @Test
  void namespaceScopeCoversOnlyItsNamespace() {
    assertThat(InformerScope.namespace("a").coversAllOf("a")).isTrue();
    assertThat(InformerScope.namespace("a").coversAllOf("b")).isFalse();
  }

  @Test
  void aSelectorScopeCoversNoNamespaceEntirely() {
    assertThat(InformerScope.allNamespaces().withLabelSelector("app=x").coversAllOf("a"))
        .isFalse();
    assertThat(InformerScope.namespace("a").withLabelSelector("app=x").coversAllOf("a"))
        .isFalse();
  }

  @Test
  void describesItself() {
    assertThat(InformerScope.allNamespaces()).hasToString("all namespaces");
    assertThat(InformerScope.namespace("a").withLabelSelector("app=x"))
        .hasToString("namespace a with labels app=x");
  }
}
