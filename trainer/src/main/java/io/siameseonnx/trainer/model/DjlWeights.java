package io.siameseonnx.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import io.siameseonnx.model.onnx.WeightSource;
import io.siameseonnx.model.spec.TowerSpec;
import java.util.Arrays;

/**
 * A trained tower's weights for the ONNX writer: each parameter is found by its layer path in the
 * block tree {@link BlockBuilder} built ({@code layer3} = child 3 of the tower; {@code layer3.1} =
 * child 1 of the body of the residual block at child 3; {@code layer3.s0} = child 0 of its
 * shortcut) and checked against the spec's shape.
 */
public final class DjlWeights implements WeightSource {
  private final SequentialBlock tower;

  /** The weights of a tower built by {@link BlockBuilder#tower}. */
  public DjlWeights(SequentialBlock tower) {
    this.tower = tower;
  }

  @Override
  public float[] values(TowerSpec.Parameter p) {
    Block block = block(p.layerPath());
    Parameter parameter = block.getParameters().get(p.name());
    if (parameter == null || !parameter.isInitialized()) {
      throw new IllegalArgumentException(
          p.layerPath() + " (" + block.getClass().getSimpleName() + ") has no " + p.name());
    }
    NDArray array = parameter.getArray();
    long[] actual = array.getShape().getShape();
    if (!Arrays.equals(actual, p.shape())) {
      throw new IllegalArgumentException(
          p.qualifiedName()
              + " has shape "
              + Arrays.toString(actual)
              + ", the spec implies "
              + Arrays.toString(p.shape()));
    }
    return array.toFloatArray();
  }

  private Block block(String path) {
    String[] parts = path.split("\\.");
    if (!parts[0].startsWith("layer")) {
      throw new IllegalArgumentException("not a layer path: " + path);
    }
    Block block = child(tower, Integer.parseInt(parts[0].substring("layer".length())), path);
    for (int i = 1; i < parts.length; i++) {
      if (!(block instanceof ParallelBlock residual)) {
        throw new IllegalArgumentException(path + ": " + block + " has no body");
      }
      boolean shortcut = parts[i].startsWith("s");
      Block branch = residual.getChildren().get(shortcut ? 1 : 0).getValue();
      block = child(branch, Integer.parseInt(shortcut ? parts[i].substring(1) : parts[i]), path);
    }
    return block;
  }

  private static Block child(Block parent, int index, String path) {
    if (index >= parent.getChildren().size()) {
      throw new IllegalArgumentException(
          path + ": the block has " + parent.getChildren().size() + " children");
    }
    return parent.getChildren().get(index).getValue();
  }
}
