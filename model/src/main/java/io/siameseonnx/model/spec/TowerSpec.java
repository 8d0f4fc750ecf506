package io.siameseonnx.model.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An embedding tower: a name, the input shape (C, H, W) and the layers in order.
 *
 * <p>Every layer has a path that names its parameters wherever the tower goes (the ONNX
 * initializers, the trainer's block tree): {@code layer<i>} for the i-th layer, {@code
 * <parent>.<j>} for the j-th layer in a composite layer's body, e.g. {@code layer3.1}, and {@code
 * <parent>.s<j>} for the j-th layer of a residual block's shortcut, e.g. {@code layer3.s0}.
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
    if (inputShape.length != 3) {
      throw new IllegalArgumentException("a tower's input is (C, H, W)");
    }
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

  /**
   * One parameter of one layer.
   *
   * @param layerPath the layer's path ({@code layer2}, {@code layer3.1})
   * @param name the parameter's name ({@link Layer#WEIGHT}, ...)
   * @param shape its shape
   */
  public record Parameter(String layerPath, String name, long[] shape) {
    /** The parameter's name in an ONNX graph: {@code <layerPath>.<name>}. */
    public String qualifiedName() {
      return layerPath + "." + name;
    }

    /** The number of values. */
    public int size() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return Math.toIntExact(n);
    }
  }

  /** The path of the i-th top-level layer. */
  public static String layerPath(int index) {
    return "layer" + index;
  }

  /** The path of the j-th layer in the body of the composite layer at {@code parent}. */
  public static String childPath(String parent, int index) {
    return parent + "." + index;
  }

  /** The path of the j-th layer in the shortcut of the residual block at {@code parent}. */
  public static String shortcutPath(String parent, int index) {
    return parent + ".s" + index;
  }

  /** Every parameter of every layer, nested ones included, in the order the layers run. */
  public List<Parameter> parameters() {
    List<Parameter> out = new ArrayList<>();
    long[] shape = inputShape;
    for (int i = 0; i < layers.size(); i++) {
      collect(layers.get(i), layerPath(i), shape, out);
      shape = layers.get(i).outputShape(shape);
    }
    return out;
  }

  private static void collect(Layer layer, String path, long[] in, List<Parameter> out) {
    for (Map.Entry<String, long[]> p : layer.parameters(in).entrySet()) {
      out.add(new Parameter(path, p.getKey(), p.getValue()));
    }
    if (layer instanceof Layer.Residual residual) {
      long[] shape = in;
      for (int j = 0; j < residual.body().size(); j++) {
        Layer child = residual.body().get(j);
        collect(child, childPath(path, j), shape, out);
        shape = child.outputShape(shape);
      }
      shape = in;
      for (int j = 0; j < residual.shortcut().size(); j++) {
        Layer child = residual.shortcut().get(j);
        collect(child, shortcutPath(path, j), shape, out);
        shape = child.outputShape(shape);
      }
    }
  }

  /** The shape after every top-level layer, index i = output of layer i. */
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

  @Override
  public boolean equals(Object o) {
    return o instanceof TowerSpec t
        && name.equals(t.name)
        && java.util.Arrays.equals(inputShape, t.inputShape)
        && layers.equals(t.layers);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + 17 * java.util.Arrays.hashCode(inputShape) + layers.hashCode();
  }

  @Override
  public String toString() {
    return "TowerSpec[" + name + ", " + java.util.Arrays.toString(inputShape) + ", " + layers + "]";
  }
}
