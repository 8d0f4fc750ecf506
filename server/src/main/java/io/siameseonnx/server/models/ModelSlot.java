package io.siameseonnx.server.models;

import io.siameseonnx.server.errors.NotReadyException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the model being served and swaps it atomically. Requests take a {@link Lease} on the
 * current model, so one request is computed by one model version from start to end, even when a
 * reload swaps in another version while it runs.
 */
public final class ModelSlot {
  private static final Logger LOG = LoggerFactory.getLogger(ModelSlot.class);

  private final AtomicReference<ServedModel> current = new AtomicReference<>();
  private final List<SwapListener> swapListeners = new CopyOnWriteArrayList<>();
  private volatile boolean warm;
  private volatile boolean draining;

  /** Told of each swap of served versions. */
  @FunctionalInterface
  public interface SwapListener {
    /**
     * {@code next} is now served. Called before {@code previous} is retired, so that a listener
     * that still needs it (a gallery built by it) can take a reference with {@link
     * ServedModel#tryAcquire}. Must be quick: it runs in the reload.
     */
    void swapped(ServedModel previous, ServedModel next);
  }

  /** Adds a listener told of every later swap. */
  public void onSwap(SwapListener listener) {
    swapListeners.add(listener);
  }

  /** A reference on a model for the length of one request. */
  public static final class Lease implements AutoCloseable {
    private final ServedModel model;
    private boolean released;

    private Lease(ServedModel model) {
      this.model = model;
    }

    /** The leased model. */
    public ServedModel model() {
      return model;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        model.release();
      }
    }
  }

  /**
   * Leases the current model.
   *
   * @throws NotReadyException when no model is loaded and warm
   */
  public Lease lease() {
    while (true) {
      ServedModel model = current.get();
      if (model == null || !warm) {
        throw new NotReadyException(
            model == null ? "no model is loaded yet" : "the model is still warming up");
      }
      if (model.tryAcquire()) {
        return new Lease(model);
      }
      // The model was closed between get() and tryAcquire(): a swap happened, read again.
    }
  }

  /** Installs the first model (not yet warm: readiness waits for {@link #markWarm()}). */
  public void install(ServedModel model) {
    if (!current.compareAndSet(null, model)) {
      throw new IllegalStateException("a model is already installed; use swap()");
    }
  }

  /** Marks the installed model warm: the server is ready. */
  public void markWarm() {
    if (current.get() == null) {
      throw new IllegalStateException("no model installed");
    }
    warm = true;
  }

  /**
   * Publishes {@code next} (already warm) and retires the previous model, which closes once its
   * last request has finished.
   */
  public void swap(ServedModel next) {
    ServedModel previous = current.getAndSet(next);
    warm = true;
    if (previous != null) {
      LOG.info(
          "Swapped {} version {} for version {}",
          next.info().name(),
          previous.info().version(),
          next.info().version());
      for (SwapListener listener : swapListeners) {
        try {
          listener.swapped(previous, next);
        } catch (RuntimeException e) {
          LOG.warn("A swap listener failed: {}", e.toString());
        }
      }
      previous.retire();
    }
  }

  /** The current model, without a lease: for status pages only. */
  public Optional<ServedModel> peek() {
    return Optional.ofNullable(current.get());
  }

  /** Whether a model is loaded and warm and the server is not shutting down. */
  public boolean isReady() {
    return warm && !draining && current.get() != null;
  }

  /** Turns readiness off for a graceful shutdown; requests already admitted still complete. */
  public void drain() {
    draining = true;
  }

  /** Retires the current model (at shutdown). */
  public void clear() {
    warm = false;
    ServedModel previous = current.getAndSet(null);
    if (previous != null) {
      previous.retire();
    }
  }
}
