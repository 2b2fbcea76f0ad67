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
 * A warm pool of unclaimed sandboxes ({@code agents.kruise.io/v1alpha1}, kind
 * {@code SandboxSet}). {@code spec.replicas} counts the unused ones; claimed sandboxes leave
 * the pool and are replaced.
 *
 * <p>Supports the scale subresource ({@code .spec.replicas}, {@code .status.replicas},
 * {@code .status.selector}). Objects handed out by an informer cache are shared: do not mutate
 * them, call {@link #deepCopy()} first.
 */
@Group(AgentsApi.GROUP)
@Version(AgentsApi.VERSION)
@Kind(AgentsApi.SANDBOXSET_KIND)
@Plural(AgentsApi.SANDBOXSET_PLURAL)
@Singular(AgentsApi.SANDBOXSET_SINGULAR)
@ShortNames(AgentsApi.SANDBOXSET_SHORT_NAME)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.replicas", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Available", jsonPath = ".status.availableReplicas", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "UpdatedReplicas", jsonPath = ".status.updatedReplicas", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "UpdatedAvailableReplicas", jsonPath = ".status.updatedAvailableReplicas",
    type = Type.INTEGER)
@AdditionalPrinterColumn(name = "UpdateRevision", jsonPath = ".status.updateRevision", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@SchemaCustomizer(value = SchemaMergePatch.class, input = SchemaPatches.ROOT)
public class SandboxSet extends CustomResource<SandboxSetSpec, SandboxSetStatus> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** Creates an empty sandbox set (metadata present but empty, no spec, no status). */
  public SandboxSet() {
  }

  /**
   * Creates a sandbox set with the given name, namespace and spec, ready to be sent to
   * {@code createSandboxSet}.
   *
   * @param namespace the namespace; {@code null} to use the client's default
   * @param name the object name
   * @param spec the desired state
   * @return a new sandbox set
   */
  public static SandboxSet of(String namespace, String name, SandboxSetSpec spec) {
    SandboxSet set = new SandboxSet();
    ObjectMeta metadata = new ObjectMeta();
    metadata.setNamespace(namespace);
    metadata.setName(name);
    set.setMetadata(metadata);
    set.setSpec(spec);
    return set;
  }

  /**
   * Returns the desired state. Required by the CRD.
   *
   * @return the spec; {@code null} if unset
   */
  @Override
  @Required
  @JsonPropertyDescription("Desired state of the sandbox set.")
  public SandboxSetSpec getSpec() {
    return super.getSpec();
  }

  /**
   * Returns the observed state, written by the controller.
   *
   * @return the status; {@code null} until the controller has reported one
   */
  @Override
  @JsonPropertyDescription("Observed state of the sandbox set.")
  public SandboxSetStatus getStatus() {
    return super.getStatus();
  }

  /**
   * Returns an independent copy: changing the copy's metadata, spec or status never changes
   * this object.
   *
   * <p>Cached objects are shared by every reader, so writers copy before they modify. The copy
   * is made by a JSON round trip, which also copies unknown fields.
   *
   * @return a deep copy equal to this sandbox set
   */
  public SandboxSet deepCopy() {
    return ModelJson.deepCopy(this, SandboxSet.class);
  }
}
