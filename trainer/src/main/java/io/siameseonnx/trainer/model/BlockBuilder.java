package io.siameseonnx.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import io.siameseonnx.model.spec.Layer;
import io.siameseonnx.model.spec.TowerSpec;
import java.util.List;

/**
 * Builds DJL blocks from a {@link TowerSpec}, one {@link Layer.Visitor} call a layer: the tower is
 * a {@link SequentialBlock} whose i-th child is layer i of the spec, and a residual block is a
 * {@link ParallelBlock} whose first child is its body (a {@link SequentialBlock}, child j = body
 * layer j) and whose second is its shortcut (the identity, or a {@link SequentialBlock} of the
 * shortcut's layers). {@link DjlWeights} relies on this to find each layer's parameters by its
 * path.
 */
public final class BlockBuilder implements Layer.Visitor<Block> {
  private static final String L2_NAME = "l2normalize";
  private static final BlockBuilder INSTANCE = new BlockBuilder();

  private BlockBuilder() {}

  /** Glorot-uniform weights (Keras' default, the seed's); biases start at zero. */
  private static final Initializer WEIGHTS =
      new XavierInitializer(
          XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f);

  /** The embedding tower, one child block per layer. */
  public static SequentialBlock tower(TowerSpec spec) {
    SequentialBlock block = sequence(spec.layers());
    block.setInitializer(WEIGHTS, Parameter.Type.WEIGHT);
    return block;
  }

  private static SequentialBlock sequence(List<Layer> layers) {
    SequentialBlock block = new SequentialBlock();
    for (Layer layer : layers) {
      block.add(layer(layer));
    }
    return block;
  }

  /**
   * The pretraining network: the tower's layers (sharing their parameters with the tower) followed
   * by a dense softmax head that outputs logits. A trailing L2 normalisation is left out, so that
   * the head sees unconstrained features.
   */
  public static SequentialBlock classifier(SequentialBlock tower, int classes) {
    return withHead(tower, dense(classes));
  }

  /** Output size of a projection head. */
  public static final int PROJECTION_OUTPUT = 128;

  /**
   * A training network with a projection head (Chen et al., 2020): the tower's layers without a
   * trailing L2 normalisation, then dense {@code units}, batch-norm, ReLU, dense {@link
   * #PROJECTION_OUTPUT} and an L2 normalisation (SimCLR's head, with the batch-norm of its second
   * version). The loss is computed on the head's output; the head is dropped after training, so the
   * tower's own output, less shaped by the training classes, is the embedding.
   */
  public static SequentialBlock projection(SequentialBlock tower, int units) {
    return withHead(
        tower,
        dense(units),
        BatchNorm.builder().build(),
        Activation.reluBlock(),
        dense(PROJECTION_OUTPUT),
        layer(new Layer.L2Normalize()));
  }

  private static SequentialBlock withHead(SequentialBlock tower, Block... head) {
    SequentialBlock net = new SequentialBlock();
    List<Block> children = tower.getChildren().values();
    for (int i = 0; i < children.size(); i++) {
      Block child = children.get(i);
      boolean trailingL2 = i == children.size() - 1 && isL2Normalize(child);
      if (!trailingL2) {
        net.add(child);
      }
    }
    for (Block block : head) {
      net.add(block);
    }
    return net;
  }

  private static Block dense(int units) {
    Block block = Linear.builder().setUnits(units).build();
    block.setInitializer(WEIGHTS, Parameter.Type.WEIGHT);
    return block;
  }

  private static boolean isL2Normalize(Block block) {
    return block instanceof LambdaBlock lambda && L2_NAME.equals(lambda.getName());
  }

  /** The DJL block for one layer. */
  public static Block layer(Layer layer) {
    return layer.accept(INSTANCE);
  }

  @Override
  public Block conv(Layer.Conv c) {
    return Conv2d.builder()
        .setFilters(c.filters())
        .setKernelShape(new Shape(c.kernel(), c.kernel()))
        .optStride(new Shape(c.stride(), c.stride()))
        .optPadding(new Shape(c.padding(), c.padding()))
        .build();
  }

  @Override
  public Block relu(Layer.Relu r) {
    return Activation.reluBlock();
  }

  @Override
  public Block maxPool(Layer.MaxPool p) {
    return Pool.maxPool2dBlock(
        new Shape(p.kernel(), p.kernel()), new Shape(p.stride(), p.stride()));
  }

  @Override
  public Block globalAvgPool(Layer.GlobalAvgPool g) {
    // [N, C, H, W] to [N, C], as the spec's shape and the ONNX graph have it.
    return Pool.globalAvgPool2dBlock();
  }

  @Override
  public Block batchNorm(Layer.BatchNorm b) {
    return BatchNorm.builder().optEpsilon(b.epsilon()).build();
  }

  @Override
  public Block flatten(Layer.Flatten f) {
    return Blocks.batchFlattenBlock();
  }

  @Override
  public Block dense(Layer.Dense d) {
    return Linear.builder().setUnits(d.units()).build();
  }

  @Override
  public Block dropout(Layer.Dropout d) {
    return Dropout.builder().optRate(d.rate()).build();
  }

  @Override
  public Block l2Normalize(Layer.L2Normalize l) {
    return new LambdaBlock(BlockBuilder::l2Normalize, L2_NAME);
  }

  @Override
  public Block residual(Layer.Residual r) {
    // Child 0 is the body, child 1 the shortcut; their outputs are summed.
    Block shortcut = r.shortcut().isEmpty() ? Blocks.identityBlock() : sequence(r.shortcut());
    return new ParallelBlock(
        outputs ->
            new NDList(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())),
        List.of(sequence(r.body()), shortcut));
  }

  private static NDList l2Normalize(NDList in) {
    NDArray x = in.singletonOrThrow();
    NDArray norm = x.square().sum(new int[] {1}, true).sqrt().maximum(Layer.L2Normalize.EPSILON);
    return new NDList(x.div(norm));
  }
}
