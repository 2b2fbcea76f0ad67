package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
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
 * A reusable sandbox template ({@code agents.kruise.io/v1alpha1}, kind {@code SandboxTemplate}):
 * the pod template, volume claims, runtimes and pause settings that a SandboxSet's
 * {@code spec.templateRef} and a SandboxClaim's {@code spec.templateName} point at.
 *
 * <p>A template has no status (the type parameter is {@link Void}) and so no status subresource.
 * Objects handed out by an informer cache are shared: do not mutate them, call
 * {@link #deepCopy()} first.
 */
@Group(AgentsApi.GROUP)
@Version(AgentsApi.VERSION)
@Kind(AgentsApi.SANDBOXTEMPLATE_KIND)
@Plural(AgentsApi.SANDBOXTEMPLATE_PLURAL)
@Singular(AgentsApi.SANDBOXTEMPLATE_SINGULAR)
@ShortNames(AgentsApi.SANDBOXTEMPLATE_SHORT_NAME)
@SchemaCustomizer(value = SchemaMergePatch.class, input = SchemaPatches.ROOT_WITHOUT_STATUS)
public class SandboxTemplate extends CustomResource<SandboxTemplateSpec, Void> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** Creates an empty template (metadata present but empty, no spec). */
  public SandboxTemplate() {
  }

  /**
   * Creates a template with the given name, namespace and spec, ready to be sent to
   * {@code createSandboxTemplate}.
   *
   * @param namespace the namespace; {@code null} to use the client's default
   * @param name the object name
   * @param spec the desired state
   * @return a new template
   */
  public static SandboxTemplate of(String namespace, String name, SandboxTemplateSpec spec) {
    SandboxTemplate template = new SandboxTemplate();
    ObjectMeta metadata = new ObjectMeta();
    metadata.setNamespace(namespace);
    metadata.setName(name);
    template.setMetadata(metadata);
    template.setSpec(spec);
    return template;
  }

  /**
   * Returns the desired state. Required by the CRD.
   *
   * @return the spec; {@code null} if unset
   */
  @Override
  @Required
  @JsonPropertyDescription("The sandbox template: pod template, volume claims, runtimes and pause settings.")
  public SandboxTemplateSpec getSpec() {
    return super.getSpec();
  }

  /**
   * Returns an independent copy: changing the copy's metadata or spec never changes this object.
   *
   * <p>Cached objects are shared by every reader, so writers copy before they modify. The copy
   * is made by a JSON round trip, which also copies unknown fields.
   *
   * @return a deep copy equal to this template
   */
  public SandboxTemplate deepCopy() {
    return ModelJson.deepCopy(this, SandboxTemplate.class);
  }
}
