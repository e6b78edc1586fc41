"""The bench's PyTorch anchor: the reference ViT and ResNet training steps of `npm run bench`
(bench/reference.ts), same shapes, same loss and optimizer, timed on the CPU with one thread
and with PyTorch's default thread count. Prints one JSON object on stdout for bench/pytorch.ts.

    python bench/torch_reference.py [--quick] [--optimizer adamw|sgd] [--device cpu|cuda]
        [--arch vit] [--arch resnet]
"""

import argparse
import json
import math
import statistics
import time

import torch
from torch import nn
import torch.nn.functional as F

BATCH = 64
IMAGE = (1, 28, 28)
CLASSES = 10


class Block(nn.Module):
    """timm's pre-norm block: x + attn(norm1(x)), then x + mlp(norm2(x))."""

    def __init__(self, dim, heads, hidden):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        b, t, e = x.shape
        qkv = self.qkv(self.norm1(x)).reshape(b, t, 3, self.heads, e // self.heads)
        q, k, v = qkv.permute(2, 0, 3, 1, 4)
        attended = F.scaled_dot_product_attention(q, k, v)
        x = x + self.proj(attended.transpose(1, 2).reshape(b, t, e))
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class Vit(nn.Module):
    """The lab's default ViT: depth 4, dim 64, 4 heads, MLP 128, patch 7, class-token pooling."""

    def __init__(self, depth=4, dim=64, heads=4, hidden=128, patch=7):
        super().__init__()
        tokens = (IMAGE[1] // patch) * (IMAGE[2] // patch) + 1
        self.patch_embed = nn.Conv2d(IMAGE[0], dim, patch, stride=patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim).normal_(std=0.02))
        self.pos_embed = nn.Parameter(torch.zeros(1, tokens, dim).normal_(std=0.02))
        self.blocks = nn.Sequential(*[Block(dim, heads, hidden) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.head = nn.Linear(dim, CLASSES)

    def forward(self, x):
        x = self.patch_embed(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], 1) + self.pos_embed
        return self.head(self.norm(self.blocks(x)[:, 0]))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = (
            nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
            if stride != 1 or cin != cout
            else nn.Identity()
        )

    def forward(self, x):
        h = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(h)) + self.downsample(x))


class ResNet(nn.Module):
    """The lab's default ResNet-8 (width 16): stem, one basic block per stage of 16, 32, 64."""

    def __init__(self, width=16, blocks_per_stage=1):
        super().__init__()
        self.conv1 = nn.Conv2d(IMAGE[0], width, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        layers, cin = [], width
        for stage, cout in enumerate([width, 2 * width, 4 * width]):
            for i in range(blocks_per_stage):
                layers.append(BasicBlock(cin, cout, 2 if stage > 0 and i == 0 else 1))
                cin = cout
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, CLASSES)

    def forward(self, x):
        h = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.fc(h.mean((2, 3)))


def optimizer_for(model, name):
    if name == "sgd":
        return torch.optim.SGD(model.parameters(), lr=2e-3, momentum=0.9, weight_decay=0.05)
    return torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.05)


def time_steps(arch, optimizer_name, device, warmup, samples):
    """Median, min and max milliseconds of one step (forward, loss, backward, update, loss read)."""
    torch.manual_seed(1)
    model = (Vit() if arch == "vit" else ResNet()).to(device).train()
    optimizer = optimizer_for(model, optimizer_name)
    images = torch.rand(BATCH, *IMAGE, device=device)
    labels = torch.arange(BATCH, device=device) % CLASSES

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(warmup):
        step()
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        value = step()
        timings.append(1000 * (time.perf_counter() - started))
        if not math.isfinite(value):
            raise RuntimeError(f"{arch}: the loss diverged")
    return {"median": statistics.median(timings), "min": min(timings), "max": max(timings)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--optimizer", choices=["adamw", "sgd"], default="adamw")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--arch", choices=["vit", "resnet"], action="append")
    args = parser.parse_args()
    warmup, samples = (3, 10) if args.quick else (5, 30)
    default_threads = torch.get_num_threads()
    rows = []
    settings = [("pytorch-cuda", None)] if args.device == "cuda" else [
        ("pytorch-cpu-1t", 1),
        ("pytorch-cpu", default_threads),
    ]
    # Interleaved by arch so that drifting load weighs on both thread settings alike.
    for arch in args.arch or ["vit", "resnet"]:
        for backend, threads in settings:
            if threads is not None:
                torch.set_num_threads(threads)
            ms = time_steps(arch, args.optimizer, args.device, warmup, samples)
            rows.append({"arch": arch, "backend": backend, "threads": threads, "msPerStep": ms})
    print(json.dumps({"torch": torch.__version__, "optimizer": args.optimizer, "rows": rows}))


if __name__ == "__main__":
    main()
