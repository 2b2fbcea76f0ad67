package io.kruise.agents.examples.service;

import io.kruise.agents.client.exceptions.InformerFailedException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxStates;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service's API. A claim takes a sandbox from a warm pool through the cache
 * ({@link SandboxHandout}: candidates from the pool index, one optimistic write); reads come from
 * the informers' listers and send no request to the API server.
 */
@RestController
class PoolApi {

  private final PoolView view;
  private final SandboxHandout handout;
  private final SampleProperties properties;

  PoolApi(PoolView view, SandboxHandout handout, SampleProperties properties) {
    this.view = view;
    this.handout = handout;
    this.properties = properties;
  }

  @PostMapping("/pools/{pool}/claims")
  ResponseEntity<?> claim(@PathVariable("pool") String name,
      @RequestParam(name = "owner", defaultValue = "sample-service") String owner) {
    if (view.pool(name).isEmpty()) {
      return problem(HttpStatus.NOT_FOUND, "no pool " + name + " in namespace "
          + view.namespace());
    }
    Sandbox claimed = handout.claim(name, owner, properties.getClaimTimeout());
    return ResponseEntity.status(HttpStatus.CREATED).body(new Claim(
        claimed.getMetadata().getName(), claimed.getMetadata().getNamespace(), name, ip(claimed),
        owner));
  }

  @GetMapping("/pools")
  List<PoolView.PoolCounts> pools() {
    return view.pools();
  }

  @GetMapping("/sandboxes/{namespace}/{name}")
  ResponseEntity<?> sandbox(@PathVariable("namespace") String namespace,
      @PathVariable("name") String name) {
    return Optional.ofNullable(handout.find(namespace, name))
        .<ResponseEntity<?>>map(s -> ResponseEntity.ok(
        new SandboxView(s.getMetadata().getName(), s.getMetadata().getNamespace(),
            SandboxStates.of(s).value(), SandboxStates.poolOf(s), ip(s),
            SandboxStates.isClaimed(s), s.getMetadata().getResourceVersion())))
        .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "no sandbox " + namespace + "/" + name
            + " in the cache"));
  }

  private static String ip(Sandbox s) {
    if (s.getStatus() == null) {
      return null;
    }
    if (s.getStatus().getPodInfo() != null && s.getStatus().getPodInfo().getPodIP() != null) {
      return s.getStatus().getPodInfo().getPodIP();
    }
    return s.getStatus().getSandboxIp();
  }

  @ExceptionHandler(TimeoutException.class)
  ResponseEntity<ProblemDetail> noSandbox(TimeoutException e) {
    return problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
  }

  @ExceptionHandler(ValidationException.class)
  ResponseEntity<ProblemDetail> invalid(ValidationException e) {
    return problem(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(InformerFailedException.class)
  ResponseEntity<ProblemDetail> cacheDown(InformerFailedException e) {
    return problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
  }

  /**
   * A claimed sandbox.
   *
   * @param name the sandbox
   * @param namespace its namespace
   * @param pool the pool it came from
   * @param ip its address
   * @param owner who claimed it
   */
  record Claim(String name, String namespace, String pool, String ip, String owner) {}

  /**
   * A sandbox as the cache holds it.
   *
   * @param name the sandbox
   * @param namespace its namespace
   * @param state derived state: creating, available, running, paused or dead
   * @param pool its pool, or null
   * @param ip its address, or null
   * @param claimed whether it was claimed
   * @param resourceVersion the cached version
   */
  record SandboxView(String name, String namespace, String state, String pool, String ip,
      boolean claimed, String resourceVersion) {}

}
