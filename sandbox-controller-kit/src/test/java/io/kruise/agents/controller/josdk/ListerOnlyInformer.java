package io.kruise.agents.controller.josdk;

import io.kruise.agents.informers.IndexFunction;
import io.kruise.agents.informers.InformerHealth;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.Lister;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** A {@link SharedInformer} that only has a lister, for unit tests of mappers. */
final class ListerOnlyInformer<T> implements SharedInformer<T> {

  private final Lister<T> lister;

  ListerOnlyInformer(Lister<T> lister) {
    this.lister = lister;
  }

  @Override
  public InformerScope scope() {
    return InformerScope.allNamespaces();
  }

  @Override
  public SharedInformer<T> addIndex(String name, IndexFunction<T> function) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SharedInformer<T> start() {
    return this;
  }

  @Override
  public boolean awaitSynced(Duration timeout) {
    return true;
  }

  @Override
  public CompletableFuture<Void> synced() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Lister<T> lister() {
    return lister;
  }

  @Override
  public ListenerRegistration addListener(ListenerOptions<? super T> options,
      ResourceListener<T> listener) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<T> waitFor(String namespace, String name, Predicate<T> predicate,
      Duration timeout) {
    throw new UnsupportedOperationException();
  }

  @Override
  public InformerHealth health() {
    return new InformerHealth("SandboxSet", scope(), true, true, true, false, null, null,
        lister.size());
  }
}
