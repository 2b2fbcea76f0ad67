package io.kruise.agents.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.PermissionDeniedException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.ValidationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which failures of a re-list or a watch a wait without an informer outlives by retrying. */
class ObjectWatchWaitRetryTest {

  @ParameterizedTest
  @CsvSource({"0,true", "404,true", "408,true", "429,true", "500,true", "503,true",
      "400,false", "401,false", "403,false", "409,false", "422,false"})
  void onlyFailuresThatMayPassAreRetried(int code, boolean retried) {
    assertThat(ObjectWatchWait.mayPass(new AgentsApiException("x", code, null)))
        .isEqualTo(retried);
  }

  @org.junit.jupiter.api.Test
  void typedFailuresAreJudgedByTheirCode() {
    assertThat(ObjectWatchWait.mayPass(new SandboxNotFoundException("ns", "*",
        "not found (is the CRD installed?)", null))).as("a collection's 404: still starting")
        .isTrue();
    assertThat(ObjectWatchWait.mayPass(new PermissionDeniedException("no", 403, "list",
        "sandboxes", "ns", null))).isFalse();
    assertThat(ObjectWatchWait.mayPass(ValidationException.forField("x", "Invalid", "bad")))
        .isFalse();
    assertThat(ObjectWatchWait.mayPass(new IllegalStateException("not ours"))).isFalse();
  }
}
