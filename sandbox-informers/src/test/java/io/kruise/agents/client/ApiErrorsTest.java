package io.kruise.agents.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.PermissionDeniedException;
import io.kruise.agents.client.exceptions.ResourceVersionExpiredException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.SandboxSetNotFoundException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.client.exceptions.ValidationException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Unit tests of the HTTP failure → typed exception mapping. */
class ApiErrorsTest {

  private static KubernetesClientException failure(int code, String reason, String message) {
    Status status = new StatusBuilder().withCode(code).withReason(reason).withMessage(message)
        .build();
    return new KubernetesClientException(status);
  }

  private static AgentsApiException sandbox(KubernetesClientException e) {
    return ApiErrors.translate(e, AgentsKinds.SANDBOX, "get", "ns", "name");
  }

  @Test
  void notFoundIsKindSpecific() {
    assertThat(sandbox(failure(404, "NotFound", "x"))).isInstanceOf(SandboxNotFoundException.class)
        .hasMessage("Sandbox ns/name not found");
    assertThat(ApiErrors.translate(failure(404, "NotFound", "x"), AgentsKinds.SANDBOX_SET, "get",
        "ns", "pool")).isInstanceOf(SandboxSetNotFoundException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "AlreadyExists|sandboxes.agents.kruise.io \"a\" already exists|ALREADY_EXISTS",
      "Conflict|Operation cannot be fulfilled on sandboxes.agents.kruise.io \"a\": the object has been modified; please apply your changes to the latest version and try again|STALE_RESOURCE_VERSION",
      "Conflict|Apply failed with 1 conflict: conflict with \"other\": .spec.paused|APPLY_FIELD_CONFLICT",
      "Conflict|something else|OTHER"})
  void conflictsSayWhichKind(String reason, String message, ConflictException.Reason expected) {
    AgentsApiException e = sandbox(failure(409, reason, message));
    assertThat(e).isInstanceOfSatisfying(ConflictException.class, c -> {
      assertThat(c.reason()).isEqualTo(expected);
      assertThat(c.code()).isEqualTo(409);
      assertThat(c.getCause()).isInstanceOf(KubernetesClientException.class);
    });
  }

  @Test
  void aBodyTooLargeIsAValidationErrorOnTheBody() {
    AgentsApiException e = ApiErrors.translate(failure(413, "RequestEntityTooLarge",
        "Request entity too large: limit is 3145728"), AgentsKinds.SANDBOX, "create", "ns", "a");
    assertThat(e).isInstanceOfSatisfying(ValidationException.class, v -> {
      assertThat(v.code()).isEqualTo(413);
      assertThat(v.fields()).containsExactly("body");
      assertThat(v.getMessage()).contains("create Sandbox ns/a", "body", "limit is 3145728");
    });
  }

  @Test
  void unprocessableCarriesTheServersFieldCauses() {
    Status status = new StatusBuilder().withCode(422).withReason("Invalid")
        .withMessage("Sandbox.agents.kruise.io \"a\" is invalid").withNewDetails()
        .addNewCause().withField("spec.pauseStrategy.type").withReason("FieldValueNotSupported")
        .withMessage("Unsupported value: \"Bogus\"").endCause().endDetails().build();
    AgentsApiException e = sandbox(new KubernetesClientException(status));
    assertThat(e).isInstanceOfSatisfying(ValidationException.class, v -> {
      assertThat(v.code()).isEqualTo(422);
      assertThat(v.causes()).containsExactly(new ValidationException.FieldCause(
          "spec.pauseStrategy.type", "FieldValueNotSupported", "Unsupported value: \"Bogus\""));
    });
    assertThat(sandbox(failure(400, "BadRequest", "bad"))).isInstanceOf(ValidationException.class);
  }

  @Test
  void authFailuresNameVerbResourceNamespaceButNoToken() {
    AgentsApiException e = ApiErrors.translate(
        failure(403, "Forbidden", "user readonly cannot create; Authorization: Bearer abc.def-123"),
        AgentsKinds.SANDBOX, "create", "team-a", "x");
    assertThat(e).isInstanceOfSatisfying(PermissionDeniedException.class, p -> {
      assertThat(p.verb()).isEqualTo("create");
      assertThat(p.resource()).isEqualTo("sandboxes");
      assertThat(p.namespace()).isEqualTo("team-a");
      assertThat(p.code()).isEqualTo(403);
    });
    assertThat(e.getMessage()).contains("create sandboxes in namespace team-a")
        .doesNotContain("abc.def-123");
    assertThat(sandbox(failure(401, "Unauthorized", "Unauthorized")))
        .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("not authenticated");
  }

  @Test
  void goneTimeoutsAndTheRest() {
    assertThat(sandbox(failure(410, "Expired", "too old resource version")))
        .isInstanceOf(ResourceVersionExpiredException.class).hasMessageContaining("list again");
    assertThat(sandbox(failure(504, "Timeout", "slow"))).isInstanceOf(TimeoutException.class);
    assertThat(sandbox(new KubernetesClientException("io", new HttpTimeoutException("timed out"))))
        .isInstanceOf(TimeoutException.class);
    assertThat(sandbox(new KubernetesClientTimeoutException(List.of(), 1,
        java.util.concurrent.TimeUnit.SECONDS))).isInstanceOf(TimeoutException.class);
    AgentsApiException other = sandbox(failure(500, "InternalError", "boom"));
    assertThat(other).isExactlyInstanceOf(AgentsApiException.class)
        .hasMessageContaining("HTTP 500").hasMessageContaining("boom");
    assertThat(other.code()).isEqualTo(500);
  }

  @Test
  void collectionNotFoundHintsAtTheCrd() {
    assertThat(ApiErrors.translate(failure(404, "NotFound", "the server could not find it"),
        AgentsKinds.SANDBOX, "list", "ns", null)).hasMessageContaining("is the CRD installed");
  }
}
