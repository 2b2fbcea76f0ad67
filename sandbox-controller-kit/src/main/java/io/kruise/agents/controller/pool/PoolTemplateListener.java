package io.kruise.agents.controller.pool;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.model.SandboxTemplate;
import java.util.Objects;

/**
 * Maps SandboxTemplate changes to reconciles of the SandboxSets whose {@code spec.templateRef}
 * names them: a template that appears lets a waiting set fill, one whose spec changed re-plans
 * the sets (a new revision: they roll), one deleted turns them {@code TemplateResolved=False}.
 * Updates that leave the spec alone (metadata, resyncs) trigger nothing. Runs on its own
 * listener queue.
 */
final class PoolTemplateListener implements ResourceListener<SandboxTemplate> {

  private final PoolTemplates templates;
  private final ReconcileTrigger trigger;

  PoolTemplateListener(PoolTemplates templates, ReconcileTrigger trigger) {
    this.templates = templates;
    this.trigger = trigger;
  }

  @Override
  public void onAdd(SandboxTemplate template) {
    triggerUsers(template);
  }

  @Override
  public void onUpdate(SandboxTemplate oldTemplate, SandboxTemplate newTemplate) {
    if (!Objects.equals(oldTemplate.getSpec(), newTemplate.getSpec())) {
      triggerUsers(newTemplate);
    }
  }

  @Override
  public void onDelete(SandboxTemplate template, boolean finalStateUnknown) {
    triggerUsers(template);
  }

  private void triggerUsers(SandboxTemplate template) {
    for (ResourceID set : templates.users(template.getMetadata().getNamespace(),
        template.getMetadata().getName())) {
      trigger.trigger(set);
    }
  }
}
