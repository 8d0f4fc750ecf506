package io.siameseonnx.trainer.model;

import java.util.ArrayList;
import java.util.List;

/**
 * An embedding tower: a name, the input shape (C, H, W) and the layers in order.
 *
 * @param name architecture name, recorded in the model card
 * @param inputShape channels, height and width of one input image
 * @param layers the layers, first to last
 */
public record TowerSpec(String name, long[] inputShape, List<Layer> layers) {
  /** Copies the layers and checks that the shapes chain. */
  public TowerSpec {
    layers = List.copyOf(layers);
    inputShape = inputShape.clone();
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a tower needs at least one layer");
    }
    long[] shape = inputShape;
    for (Layer layer : layers) {
      shape = layer.outputShape(shape);
    }
    if (shape.length != 1) {
      throw new IllegalArgumentException("tower " + name + " must end in a flat embedding");
    }
  }

  /** The shape after every layer, index i = output of layer i. */
  public List<long[]> shapes() {
    List<long[]> out = new ArrayList<>();
    long[] shape = inputShape;
    for (Layer layer : layers) {
      shape = layer.outputShape(shape);
      out.add(shape);
    }
    return out;
  }

  /** Length of the embedding this tower produces. */
  public int embeddingDimension() {
    List<long[]> shapes = shapes();
    return Math.toIntExact(shapes.get(shapes.size() - 1)[0]);
  }

  /** Whether the embedding is L2-normalised (the last layer is {@link Layer.L2Normalize}). */
  public boolean l2Normalized() {
    return layers.get(layers.size() - 1) instanceof Layer.L2Normalize;
  }

  /** This tower with an L2 normalisation appended (unchanged when it already ends in one). */
  public TowerSpec withL2Normalize() {
    if (l2Normalized()) {
      return this;
    }
    List<Layer> more = new ArrayList<>(layers);
    more.add(new Layer.L2Normalize());
    return new TowerSpec(name, inputShape, more);
  }
}
