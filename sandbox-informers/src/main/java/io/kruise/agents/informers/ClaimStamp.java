package io.kruise.agents.informers;

import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a claim writes on the sandbox it takes besides the claim itself, in the same optimistic
 * merge patch
 * ({@link SandboxPool#claim(String, String, String, java.time.Duration, ClaimStamp)}): extra
 * labels and annotations, a shutdown time, and the init-runtime request carrying environment
 * variables, as upstream's SandboxClaim controller stamps them (openkruise/agents
 * {@code buildClaimOptions} and {@code modifyPickedSandbox}).
 *
 * <p>Keys that the claim protocol or the sandbox identity own are refused when the stamp is
 * built, before any request: the labels {@code sandbox-claimed}, {@code claim-name} (set with
 * {@link Builder#claimName}) and {@code sandbox-id}, and the annotations {@code lock},
 * {@code owner}, {@code claim-timestamp}, {@code sandbox-id}, {@code init-runtime-request},
 * {@code runtime-access-token} and {@code updated-metadata-in-claim}. Upstream refuses only the
 * two {@code sandbox-id} keys (the others it overwrites silently).
 *
 * <p>Immutable and thread-safe; one stamp may be used for any number of claims.
 */
public final class ClaimStamp {

  /** Nothing besides the claim. */
  public static final ClaimStamp NONE = builder().build();

  private static final Set<String> RESERVED_LABELS = Set.of(SandboxLabels.SANDBOX_CLAIMED,
      SandboxLabels.CLAIM_NAME, SandboxLabels.SANDBOX_ID);
  private static final Set<String> RESERVED_ANNOTATIONS = Set.of(SandboxAnnotations.LOCK,
      SandboxAnnotations.OWNER, SandboxAnnotations.CLAIM_TIMESTAMP, SandboxAnnotations.SANDBOX_ID,
      SandboxAnnotations.INIT_RUNTIME_REQUEST, SandboxAnnotations.RUNTIME_ACCESS_TOKEN,
      SandboxAnnotations.UPDATED_METADATA_IN_CLAIM);

  private final String claimName;
  private final Map<String, String> labels;
  private final Map<String, String> annotations;
  private final Instant shutdownTime;
  private final Map<String, String> initRuntimeEnv;

  private ClaimStamp(Builder b) {
    this.claimName = b.claimName;
    this.labels = Collections.unmodifiableMap(new TreeMap<>(b.labels));
    this.annotations = Collections.unmodifiableMap(new TreeMap<>(b.annotations));
    this.shutdownTime = b.shutdownTime;
    this.initRuntimeEnv = b.initRuntimeEnv == null ? null
        : Collections.unmodifiableMap(new TreeMap<>(b.initRuntimeEnv));
  }

  /** @return a builder of an empty stamp */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the value of the {@code agents.kruise.io/claim-name} label, or null */
  public String claimName() {
    return claimName;
  }

  /** @return the extra labels, sorted by key (unmodifiable) */
  public Map<String, String> labels() {
    return labels;
  }

  /** @return the extra annotations, sorted by key (unmodifiable) */
  public Map<String, String> annotations() {
    return annotations;
  }

  /** @return the {@code spec.shutdownTime} to set, or null to leave it */
  public Instant shutdownTime() {
    return shutdownTime;
  }

  /**
   * @return the environment of the init-runtime request to record (an empty map records a
   *     request without variables), or null for no request
   */
  public Map<String, String> initRuntimeEnv() {
    return initRuntimeEnv;
  }

  /** @return true when the stamp adds nothing to the claim */
  public boolean isEmpty() {
    return claimName == null && labels.isEmpty() && annotations.isEmpty() && shutdownTime == null
        && initRuntimeEnv == null;
  }

  @Override
  public String toString() {
    return "ClaimStamp(claimName=" + claimName + ", labels=" + labels + ", annotations="
        + annotations.keySet() + ", shutdownTime=" + shutdownTime + ", initRuntimeEnv="
        + (initRuntimeEnv == null ? null : initRuntimeEnv.keySet()) + ")";
  }

  /** Builds a {@link ClaimStamp}; every setter checks its argument at once. */
  public static final class Builder {
    private String claimName;
    private final Map<String, String> labels = new TreeMap<>();
    private final Map<String, String> annotations = new TreeMap<>();
    private Instant shutdownTime;
    private Map<String, String> initRuntimeEnv;

    private Builder() {
    }

    /**
     * @param name the SandboxClaim's name, written as the {@code agents.kruise.io/claim-name}
     *     label (what the {@link SandboxIndexes#CLAIM} index finds); null for none
     * @return this builder
     * @throws ValidationException naming {@code claimName} when blank
     */
    public Builder claimName(String name) {
      if (name != null && name.isBlank()) {
        throw ValidationException.forField("claimName", "Invalid", "must not be blank");
      }
      this.claimName = name;
      return this;
    }

    /**
     * @param labels labels to add (null adds none)
     * @return this builder
     * @throws ValidationException naming {@code labels[key]} for a blank key, a null value or a
     *     reserved key
     */
    public Builder labels(Map<String, String> labels) {
      if (labels != null) {
        labels.forEach((k, v) -> put("labels", this.labels, RESERVED_LABELS, k, v));
      }
      return this;
    }

    /**
     * @param annotations annotations to add (null adds none)
     * @return this builder
     * @throws ValidationException naming {@code annotations[key]} for a blank key, a null value
     *     or a reserved key
     */
    public Builder annotations(Map<String, String> annotations) {
      if (annotations != null) {
        annotations.forEach((k, v) -> put("annotations", this.annotations, RESERVED_ANNOTATIONS,
            k, v));
      }
      return this;
    }

    /**
     * @param time the sandbox's {@code spec.shutdownTime}; null leaves it as it is
     * @return this builder
     */
    public Builder shutdownTime(Instant time) {
      this.shutdownTime = time;
      return this;
    }

    /**
     * Records an init-runtime request ({@code agents.kruise.io/init-runtime-request}, JSON
     * {@code {"envVars":{...},"accessToken":"..."}}, with a fresh access token per sandbox also
     * written as {@code agents.kruise.io/runtime-access-token}), as upstream does for a sandbox
     * whose pool runs the agent runtime.
     *
     * @param env the variables (null records no request; empty records one without variables)
     * @return this builder
     * @throws ValidationException naming {@code envVars[name]} for a blank name or a null value
     */
    public Builder initRuntimeEnv(Map<String, String> env) {
      if (env == null) {
        this.initRuntimeEnv = null;
        return this;
      }
      Map<String, String> copy = new TreeMap<>();
      env.forEach((k, v) -> put("envVars", copy, Set.of(), k, v));
      this.initRuntimeEnv = copy;
      return this;
    }

    /** @return the stamp */
    public ClaimStamp build() {
      return new ClaimStamp(this);
    }

    private static void put(String field, Map<String, String> into, Set<String> reserved,
        String key, String value) {
      if (key == null || key.isBlank()) {
        throw ValidationException.forField(field, "Invalid", "keys must not be blank");
      }
      String named = field + "[" + key + "]";
      if (reserved.contains(key)) {
        throw ValidationException.forField(named, "Forbidden",
            "is reserved and cannot be set by a claim");
      }
      if (value == null) {
        throw ValidationException.forField(named, "Required", "must not be null");
      }
      into.put(key, value);
    }
  }
}
