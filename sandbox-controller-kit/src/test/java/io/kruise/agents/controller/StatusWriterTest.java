package io.kruise.agents.controller;

import static io.kruise.agents.controller.ControllerFixtures.sandboxSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.LeanObjects;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class StatusWriterTest {

  /** Records the writes; the server's current object is {@link #stored}. */
  private static final class FakeOps implements StatusWriter.Operations<SandboxSet, SandboxSetStatus> {
    final List<SandboxSet> updates = new ArrayList<>();
    int modifies;
    SandboxSet stored;
    boolean conflictOnUpdate;

    @Override
    public SandboxSet copy(SandboxSet obj) {
      return obj.deepCopy();
    }

    @Override
    public SandboxSet updateStatus(String name, SandboxSet body, String namespace) {
      updates.add(body);
      if (conflictOnUpdate) {
        throw new ConflictException("stale", ConflictException.Reason.STALE_RESOURCE_VERSION,
            null);
      }
      return body;
    }

    @Override
    public SandboxSet modifyStatus(String name, UnaryOperator<SandboxSet> mutation,
        String namespace) {
      modifies++;
      return mutation.apply(stored.deepCopy());
    }
  }

  private final FakeOps ops = new FakeOps();
  private final StatusWriter<SandboxSet, SandboxSetStatus> writer = new StatusWriter<>(ops);

  private static SandboxSet read(int replicas) {
    SandboxSet set = sandboxSet("ns", "pool", 3);
    set.getMetadata().setResourceVersion("5");
    set.setStatus(status(replicas));
    return set;
  }

  private static SandboxSetStatus status(int replicas) {
    SandboxSetStatus status = new SandboxSetStatus();
    status.setReplicas(replicas);
    status.setSelector("a=b");
    return status;
  }

  @Test
  void anUnchangedStatusSendsNothing() {
    assertThat(writer.write(read(2), status(2))).isFalse();
    assertThat(ops.updates).isEmpty();
    assertThat(ops.modifies).isZero();
  }

  @Test
  void aChangedStatusIsWrittenWithTheVersionItWasComputedFrom() {
    SandboxSet current = read(2);
    assertThat(writer.write(current, status(3))).isTrue();
    assertThat(ops.updates).singleElement().satisfies(body -> {
      assertThat(body.getStatus().getReplicas()).isEqualTo(3);
      assertThat(body.getMetadata().getResourceVersion()).isEqualTo("5");
    });
    assertThat(current.getStatus().getReplicas()).as("the read object is not changed")
        .isEqualTo(2);
    assertThat(ops.modifies).isZero();
  }

  @Test
  void aStaleWriteSetsTheStatusOnTheCurrentVersion() {
    ops.conflictOnUpdate = true;
    ops.stored = read(1);
    assertThat(writer.write(read(2), status(3))).isTrue();
    assertThat(ops.modifies).isOne();
  }

  @Test
  void aStaleWriteWritesNothingWhenTheCurrentVersionAlreadyHasTheStatus() {
    ops.conflictOnUpdate = true;
    ops.stored = read(3);
    assertThat(writer.write(read(2), status(3))).isFalse();
    assertThat(ops.modifies).isOne();
  }

  @Test
  void aLeanObjectIsNeverWrittenBack() {
    SandboxSet lean = read(2);
    Map<String, String> annotations = new HashMap<>();
    annotations.put(LeanObjects.PARTIAL_ANNOTATION, "spec.template");
    lean.getMetadata().setAnnotations(annotations);
    ops.stored = read(2);
    assertThat(writer.write(lean, status(3))).isTrue();
    assertThat(ops.updates).isEmpty();
    assertThat(ops.modifies).isOne();
  }

  @Test
  void missingArgumentsAreRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> writer.write(null, status(1)))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("current"));
    assertThatThrownBy(() -> writer.write(read(1), null))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("desired"));
    SandboxSet noVersion = read(1);
    noVersion.getMetadata().setResourceVersion(null);
    assertThatThrownBy(() -> writer.write(noVersion, status(2)))
        .isInstanceOf(ValidationException.class).satisfies(e -> assertThat(
            ((ValidationException) e).fields()).containsExactly("current.metadata.resourceVersion"));
    assertThatThrownBy(() -> StatusWriter.forSandboxes(null))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("agents"));
    assertThat(ops.updates).isEmpty();
  }
}
