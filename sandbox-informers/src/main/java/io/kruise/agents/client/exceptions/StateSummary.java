package io.kruise.agents.client.exceptions;

import io.fabric8.kubernetes.api.model.Condition;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxSet;
import java.util.List;
import java.util.stream.Collectors;

/** One-line descriptions of an object's state, for timeout messages and logs. */
final class StateSummary {

  private StateSummary() {}

  /**
   * @param obj a Sandbox, a SandboxSet, any other object, or null
   * @return its resourceVersion and status in one line, e.g. {@code resourceVersion=42,
   *     phase=Running, conditions=[Ready=True(PodReady)]}
   */
  static String of(Object obj) {
    if (obj == null) {
      return "nothing";
    }
    StringBuilder sb = new StringBuilder("resourceVersion=")
        .append(((io.fabric8.kubernetes.api.model.HasMetadata) obj).getMetadata()
            .getResourceVersion());
    if (obj instanceof Sandbox s && s.getStatus() != null) {
      sb.append(", phase=").append(s.getStatus().getPhase())
          .append(", conditions=").append(conditions(s.getStatus().getConditions()));
    } else if (obj instanceof SandboxSet s) {
      if (s.getSpec() != null) {
        sb.append(", spec.replicas=").append(s.getSpec().getReplicas());
      }
      if (s.getStatus() != null) {
        sb.append(", status.replicas=").append(s.getStatus().getReplicas())
            .append(", availableReplicas=").append(s.getStatus().getAvailableReplicas())
            .append(", conditions=").append(conditions(s.getStatus().getConditions()));
      }
    } else if (obj instanceof SandboxClaim c && c.getStatus() != null) {
      sb.append(", phase=").append(c.getStatus().getPhase())
          .append(", claimedReplicas=").append(c.getStatus().getClaimedReplicas())
          .append(", conditions=").append(conditions(c.getStatus().getConditions()));
    } else {
      sb.append(", no status");
    }
    return sb.toString();
  }

  private static String conditions(List<Condition> conditions) {
    if (conditions == null || conditions.isEmpty()) {
      return "[]";
    }
    return conditions.stream()
        .map(c -> c.getType() + "=" + c.getStatus()
            + (c.getReason() == null ? "" : "(" + c.getReason() + ")"))
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
