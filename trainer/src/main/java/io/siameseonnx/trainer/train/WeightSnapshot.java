package io.siameseonnx.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.siameseonnx.trainer.model.WeightCopy;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of a block's parameter values (running statistics included), to restore the best epoch.
 */
final class WeightSnapshot implements AutoCloseable {
  private final List<Pair<Parameter, NDArray>> copies = new ArrayList<>();

  private WeightSnapshot() {}

  /** Copies every initialised parameter of the block. */
  static WeightSnapshot of(Block block) {
    WeightSnapshot s = new WeightSnapshot();
    for (Pair<String, Parameter> p : block.getParameters()) {
      Parameter param = p.getValue();
      if (param.isInitialized()) {
        NDArray copy = param.getArray().duplicate();
        copy.setRequiresGradient(false);
        s.copies.add(new Pair<>(param, copy));
      }
    }
    return s;
  }

  /** Writes the copied values back into the parameters, in place. */
  void restore() {
    for (Pair<Parameter, NDArray> c : copies) {
      NDArray target = c.getKey().getArray();
      WeightCopy.copy(c.getValue(), target);
    }
  }

  @Override
  public void close() {
    for (Pair<Parameter, NDArray> c : copies) {
      c.getValue().close();
    }
    copies.clear();
  }
}
