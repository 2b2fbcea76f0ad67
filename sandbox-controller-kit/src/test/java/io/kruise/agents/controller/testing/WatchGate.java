package io.kruise.agents.controller.testing;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Makes the watch of some resources lag on purpose: while the gate is {@link #hold() holding},
 * the bytes of their watch streams stay here instead of reaching the informer; {@link #release()}
 * hands them on, in order. A fabric8 HTTP {@link Interceptor} on the body of HTTP watches, so the
 * client must use HTTP watches ({@code Config.onlyHttpWatches}, see
 * {@link OperatorExtension.Builder#onlyHttpWatches()}); WebSocket watches (and so the mock API
 * server, which has no other) pass untouched.
 *
 * <p>Holding costs nothing on the connection: fabric8 asks for the next chunk only after it
 * consumed one, so a held stream simply pauses (each stream holds at most one chunk) and the API
 * server keeps the rest.
 *
 * <p>Thread-safe.
 */
public final class WatchGate implements Interceptor {

  private final Set<String> resources;
  private final Object lock = new Object();
  private final List<Held> held = new ArrayList<>();
  private boolean holding;

  private WatchGate(Set<String> resources) {
    this.resources = resources;
  }

  /**
   * @param plurals the resources whose watches to gate, e.g. {@code sandboxes}
   * @return an open gate
   */
  public static WatchGate forResources(String... plurals) {
    return new WatchGate(Set.of(plurals));
  }

  /** From now on, hold the chunks of the gated watches. */
  public void hold() {
    synchronized (lock) {
      holding = true;
    }
  }

  /** Hands every held chunk on, in order, and lets later ones through. */
  public void release() {
    List<Held> flush;
    synchronized (lock) {
      holding = false;
      flush = new ArrayList<>(held);
      held.clear();
    }
    for (Held h : flush) {
      h.deliver();
    }
  }

  /** @return the chunks held now (each may carry one or more watch events) */
  public int held() {
    synchronized (lock) {
      return held.size();
    }
  }

  @Override
  public AsyncBody.Consumer<List<ByteBuffer>> consumer(
      AsyncBody.Consumer<List<ByteBuffer>> consumer, HttpRequest request) {
    RequestLog.Request r = RequestLog.parse(request.method(), request.uri(), "");
    if (r.verb() != ApiRequests.Verb.WATCH || !resources.contains(r.resource())) {
      return consumer;
    }
    return (chunk, body) -> {
      synchronized (lock) {
        if (holding) {
          held.add(new Held(consumer, copy(chunk), body));
          return; // no body.consume(): the stream pauses until release()
        }
      }
      consumer.consume(chunk, body);
    };
  }

  /** The HTTP client may reuse its buffers once consume returns. */
  private static List<ByteBuffer> copy(List<ByteBuffer> chunk) {
    List<ByteBuffer> copies = new ArrayList<>(chunk.size());
    for (ByteBuffer b : chunk) {
      ByteBuffer c = ByteBuffer.allocate(b.remaining());
      c.put(b.duplicate());
      c.flip();
      copies.add(c);
    }
    return copies;
  }

  private record Held(AsyncBody.Consumer<List<ByteBuffer>> consumer, List<ByteBuffer> chunk,
      AsyncBody body) {
    void deliver() {
      try {
        consumer.consume(chunk, body);
      } catch (Exception e) {
        throw new IllegalStateException("a held watch chunk could not be delivered", e);
      }
    }
  }
}
