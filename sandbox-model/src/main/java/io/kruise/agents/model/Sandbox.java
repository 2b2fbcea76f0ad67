package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.kruise.agents.model.schema.SchemaMergePatch;

/**
 * One isolated agent workload ({@code agents.kruise.io/v1alpha1}, kind {@code Sandbox}).
 *
 * <p>A sandbox is either created directly or taken ("claimed") from the warm pool a
 * {@link SandboxSet} keeps. Use {@link SandboxStates} for its derived state and
 * {@link Conditions} for its conditions.
 *
 * <p>Objects handed out by an informer cache are shared: do not mutate them, call
 * {@link #deepCopy()} first.
 */
@Group(AgentsApi.GROUP)
@Version(AgentsApi.VERSION)
@Kind(AgentsApi.SANDBOX_KIND)
@Plural(AgentsApi.SANDBOX_PLURAL)
@Singular(AgentsApi.SANDBOX_SINGULAR)
@ShortNames(AgentsApi.SANDBOX_SHORT_NAME)
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(name = "Claimed", jsonPath = ".metadata.labels.agents\\.kruise\\.io/sandbox-claimed",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "shutdown_time", jsonPath = ".spec.shutdownTime", type = Type.STRING)
@AdditionalPrinterColumn(name = "pause_time", jsonPath = ".spec.pauseTime", type = Type.STRING)
@AdditionalPrinterColumn(name = "RecycledCount", jsonPath = ".status.recycledCount", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = Type.STRING)
@SchemaCustomizer(value = SchemaMergePatch.class, input = SchemaPatches.ROOT)
public class Sandbox extends CustomResource<SandboxSpec, SandboxStatus> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** Creates an empty sandbox (metadata present but empty, no spec, no status). */
  public Sandbox() {
  }

  /**
   * Creates a sandbox with the given name, namespace and spec, ready to be sent to
   * {@code createSandbox}.
   *
   * @param namespace the namespace; {@code null} to use the client's default
   * @param name the object name
   * @param spec the desired state
   * @return a new sandbox
   */
  public static Sandbox of(String namespace, String name, SandboxSpec spec) {
    Sandbox sandbox = new Sandbox();
    ObjectMeta metadata = new ObjectMeta();
    metadata.setNamespace(namespace);
    metadata.setName(name);
    sandbox.setMetadata(metadata);
    sandbox.setSpec(spec);
    return sandbox;
  }

  /**
   * Returns the desired state. Required by the CRD.
   *
   * @return the spec; {@code null} if unset
   */
  @Override
  @Required
  @JsonPropertyDescription("Desired state of the sandbox.")
  public SandboxSpec getSpec() {
    return super.getSpec();
  }

  /**
   * Returns the observed state, written by the controller.
   *
   * @return the status; {@code null} until the controller has reported one
   */
  @Override
  @JsonPropertyDescription("Observed state of the sandbox.")
  public SandboxStatus getStatus() {
    return super.getStatus();
  }

  /**
   * Returns an independent copy: changing the copy's metadata, spec or status never changes
   * this object.
   *
   * <p>Cached objects are shared by every reader, so writers copy before they modify. The copy
   * is made by a JSON round trip, which also copies unknown fields; it costs about 2 µs for a
   * sparse sandbox and 20 µs for one with a full pod template and status.
   *
   * @return a deep copy equal to this sandbox
   */
  public Sandbox deepCopy() {
    return ModelJson.deepCopy(this, Sandbox.class);
  }
}
