package io.siameseonnx.model.onnx;

import io.siameseonnx.model.spec.TowerSpec;

/**
 * Where the ONNX writer takes a tower's weights from: the trainer reads them from its DJL block,
 * tests and benchmarks make them up. Keeping this a lookup is what lets the writer live without
 * DJL.
 */
@FunctionalInterface
public interface WeightSource {
  /**
   * The values of one parameter, row-major, exactly {@link TowerSpec.Parameter#size()} of them.
   *
   * @throws IllegalArgumentException when the source has no such parameter, or one of another shape
   */
  float[] values(TowerSpec.Parameter parameter);
}
