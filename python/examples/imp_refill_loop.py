"""IMP with Refill on a tiny MLP and random data, logged with RunLogger (python examples/imp_refill_loop.py OUT.json)."""
import sys

import torch
from torch import nn

from pruning_lab import RunLogger

torch.manual_seed(0)
x, y = torch.randn(256, 16), torch.randint(0, 4, (256,))
xt, yt = torch.randn(128, 16), torch.randint(0, 4, (128,))
model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4))
init = {k: v.clone() for k, v in model.state_dict().items()}
names = ["0.weight", "2.weight"]
masks = {n: torch.ones_like(model.state_dict()[n]) for n in names}
config = {"arch": "vit", "model": {"depth": 1, "embedDim": 16, "numHeads": 1, "mlpRatio": 2, "patchSize": 1},
          "dataset": "random", "struct": "refill", "pruningTimes": 3, "rate": 0.2, "epochs": 5, "seed": 0}
groups = [{"name": "blocks.0.mlp", "kind": "neuron", "count": 32}]
log = RunLogger(sys.argv[1] if len(sys.argv) > 1 else "imp-refill.run.json", config,
                {"backend": "cpu", "torchVersion": torch.__version__},
                model={"arch": "vit", "prunableParams": 16 * 32 + 32 * 4, "groups": groups})


def accuracy(weights_mask):
    with torch.no_grad():
        for n in names:
            model.state_dict()[n].mul_(weights_mask[n])
        return (model(xt).argmax(1) == yt).float().mean().item()


for it in range(3):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(5):
        loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad(), loss.backward(), opt.step()
        acc = accuracy(masks)
        log.epoch(epoch, loss.item(), (model(x).argmax(1) == y).float().mean().item(), acc)
    w = {n: model.state_dict()[n].abs() * masks[n] for n in names}
    alive_w = torch.cat([w[n][masks[n] > 0] for n in names])
    cut = alive_w.sort().values[int(0.2 * alive_w.numel())]
    masks = {n: (w[n] > cut).float() * masks[n] for n in names}  # IMP: drop the smallest 20 %
    density = masks["0.weight"].mean(1)  # per hidden neuron: the share M kept
    alive = density >= density.sort().values[int(0.2 * 32)]  # Refill: keep the densest neurons whole
    refill = {"0.weight": alive[:, None].float().expand(32, 16), "2.weight": alive[None, :].float().expand(4, 32)}
    unstructured = accuracy(masks)
    structured = accuracy(refill)
    zeros = sum((m == 0).sum().item() for m in masks.values()) / (16 * 32 + 32 * 4)
    rzeros = sum((m == 0).sum().item() for m in refill.values()) / (16 * 32 + 32 * 4)
    log.iteration(zeros, unstructured, structured, rzeros,
                  groups={"blocks.0.mlp": {"kind": "neuron", "importance": density.tolist(),
                                           "alive": alive.tolist(), "density": density.tolist()}})
    masks = {n: refill[n].clone() for n in names}  # M ← R, then rewind
    model.load_state_dict(init)
log.final(accuracy(masks), rzeros, {"neuron": int(alive.sum())})
