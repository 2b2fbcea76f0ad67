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
 * A request to claim sandboxes from a pool ({@code agents.kruise.io/v1alpha1}, kind
 * {@code SandboxClaim}): {@code spec.replicas} available sandboxes are taken from the SandboxSet
 * of {@code spec.templateName}, stamped with the claim's labels, annotations and environment, and
 * counted in {@code status.claimedReplicas}. The claim ends {@code Completed} (see
 * {@link SandboxClaimStatus}) and is deleted {@code spec.ttlAfterCompleted} later; its sandboxes
 * are not.
 *
 * <p>Has the status subresource. Objects handed out by an informer cache are shared: do not
 * mutate them, call {@link #deepCopy()} first.
 */
@Group(AgentsApi.GROUP)
@Version(AgentsApi.VERSION)
@Kind(AgentsApi.SANDBOXCLAIM_KIND)
@Plural(AgentsApi.SANDBOXCLAIM_PLURAL)
@Singular(AgentsApi.SANDBOXCLAIM_SINGULAR)
@ShortNames(AgentsApi.SANDBOXCLAIM_SHORT_NAME)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Template", jsonPath = ".spec.templateName", type = Type.STRING)
@AdditionalPrinterColumn(name = "Desired", jsonPath = ".spec.replicas", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Claimed", jsonPath = ".status.claimedReplicas", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@SchemaCustomizer(value = SchemaMergePatch.class, input = SchemaPatches.ROOT)
public class SandboxClaim extends CustomResource<SandboxClaimSpec, SandboxClaimStatus> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** Creates an empty claim (metadata present but empty, no spec, no status). */
  public SandboxClaim() {
  }

  /**
   * Creates a claim with the given name, namespace and spec, ready to be sent to
   * {@code createSandboxClaim}.
   *
   * @param namespace the namespace; {@code null} to use the client's default
   * @param name the object name
   * @param spec the desired state
   * @return a new claim
   */
  public static SandboxClaim of(String namespace, String name, SandboxClaimSpec spec) {
    SandboxClaim claim = new SandboxClaim();
    ObjectMeta metadata = new ObjectMeta();
    metadata.setNamespace(namespace);
    metadata.setName(name);
    claim.setMetadata(metadata);
    claim.setSpec(spec);
    return claim;
  }

  /**
   * Returns the desired state. Required by the CRD.
   *
   * @return the spec; {@code null} if unset
   */
  @Override
  @Required
  @JsonPropertyDescription("Desired state of the claim.")
  public SandboxClaimSpec getSpec() {
    return super.getSpec();
  }

  /**
   * Returns the observed state, written by the controller.
   *
   * @return the status; {@code null} until the controller has reported one
   */
  @Override
  @JsonPropertyDescription("Observed state of the claim.")
  public SandboxClaimStatus getStatus() {
    return super.getStatus();
  }

  /**
   * Returns an independent copy: changing the copy's metadata, spec or status never changes
   * this object.
   *
   * <p>Cached objects are shared by every reader, so writers copy before they modify. The copy
   * is made by a JSON round trip, which also copies unknown fields.
   *
   * @return a deep copy equal to this claim
   */
  public SandboxClaim deepCopy() {
    return ModelJson.deepCopy(this, SandboxClaim.class);
  }
}
