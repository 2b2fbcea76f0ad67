package io.kruise.agents.model;

import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Objects;

/**
 * A typed list of {@link SandboxTemplate} objects, as returned by a list call
 * ({@code kind: SandboxTemplateList}).
 *
 * <p>Annotated with group, version and kind and listed in
 * {@code META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource}, so that fabric8
 * resolves untyped JSON of this kind to this class.
 */
@Group(AgentsApi.GROUP)
@Version(AgentsApi.VERSION)
@Kind(AgentsApi.SANDBOXTEMPLATE_LIST_KIND)
public class SandboxTemplateList extends DefaultKubernetesResourceList<SandboxTemplate> {

  private static final long serialVersionUID = 1L;

  /** Creates an empty list with {@code apiVersion} and {@code kind} already set. */
  public SandboxTemplateList() {
    setApiVersion(AgentsApi.API_VERSION);
    setKind(AgentsApi.SANDBOXTEMPLATE_LIST_KIND);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SandboxTemplateList)) {
      return false;
    }
    SandboxTemplateList other = (SandboxTemplateList) o;
    return Objects.equals(getApiVersion(), other.getApiVersion())
        && Objects.equals(getKind(), other.getKind())
        && Objects.equals(getMetadata(), other.getMetadata())
        && Objects.equals(getItems(), other.getItems());
  }

  @Override
  public int hashCode() {
    return Objects.hash(getApiVersion(), getKind(), getMetadata(), getItems());
  }
}
