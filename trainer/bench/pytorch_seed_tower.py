"""Training throughput of the seed tower in Python PyTorch, for comparison with bench-train.

Same net (conv 16@8x8, conv 32@4x4, dense 512, dense 256, ReLU after each, 10-class head),
same batch size, optimizer and thread count as the DJL run; random 32x32 inputs.
Prints one line and, with --json, writes the figures.
"""
import argparse
import json
import time

import torch
from torch import nn

p = argparse.ArgumentParser()
p.add_argument("--batch-size", type=int, default=32)
p.add_argument("--optimizer", default="adam", choices=["adam", "sgd", "rmsprop"])
p.add_argument("--threads", type=int, default=2)
p.add_argument("--steps", type=int, default=60)
p.add_argument("--warmup", type=int, default=10)
p.add_argument("--json")
a = p.parse_args()

torch.set_num_threads(a.threads)
torch.manual_seed(1)
net = nn.Sequential(
    nn.Conv2d(1, 16, 8), nn.ReLU(),
    nn.Conv2d(16, 32, 4), nn.ReLU(),
    nn.Flatten(),
    nn.Linear(32 * 22 * 22, 512), nn.ReLU(),
    nn.Linear(512, 256), nn.ReLU(),
    nn.Linear(256, 10),
)
opt = {
    "adam": lambda: torch.optim.Adam(net.parameters(), lr=1e-4),
    "sgd": lambda: torch.optim.SGD(net.parameters(), lr=1e-4, momentum=0.9),
    "rmsprop": lambda: torch.optim.RMSprop(net.parameters(), lr=1e-4, alpha=0.9, eps=1e-7),
}[a.optimizer]()
loss_fn = nn.CrossEntropyLoss()
x = torch.rand(a.batch_size, 1, 32, 32)
y = torch.randint(0, 10, (a.batch_size,))

fb = st = 0.0
for s in range(a.warmup + a.steps):
    t0 = time.perf_counter()
    opt.zero_grad(set_to_none=False)
    loss = loss_fn(net(x), y)
    loss.backward()
    t1 = time.perf_counter()
    opt.step()
    t2 = time.perf_counter()
    if s >= a.warmup:
        fb += t1 - t0
        st += t2 - t1

sps = a.steps * a.batch_size / (fb + st)
print(f"pytorch {torch.__version__} seed tower, batch {a.batch_size}, {a.optimizer}, "
      f"{a.threads} threads: {sps:.0f} samples/s (forward+backward {1000 * fb / a.steps:.1f} ms, "
      f"optimizer step {1000 * st / a.steps:.1f} ms per batch)")
if a.json:
    with open(a.json, "w") as f:
        json.dump({"framework": "pytorch", "version": torch.__version__, "batch_size": a.batch_size,
                   "optimizer": a.optimizer, "threads": a.threads, "samples_per_second": sps,
                   "forward_backward_ms": 1000 * fb / a.steps, "step_ms": 1000 * st / a.steps}, f)
