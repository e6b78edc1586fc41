"""verify: recompute a run's accuracies from its checkpoints on the run's own test split."""
import json
import os
import sys
from typing import Dict, List

import numpy as np
import torch

from .checkpoint import CheckpointMeta, parse_meta, preprocess, read_file, weights_of
from .data import read_pool
from .load import build_model

TOLERANCE = 0.005  # half a point


def fnv1a64(chunks) -> str:
    h = 0xCBF29CE484222325
    for chunk in chunks:
        for byte in bytes(chunk):
            h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def test_split(meta: CheckpointMeta, data: List[str]):
    split = meta.test_split
    if split["source"] == "synthetic":
        raise SystemExit("verify: this run tested on the lab's procedural 'synthetic' pool, which only the lab draws")
    if not data:
        raise SystemExit(f"verify: give the data with --data (the test split indexes {split['source']})")
    images, labels = read_pool(data, split["source"])
    indices = np.asarray(split["indices"], dtype=np.int64)
    images, labels = np.ascontiguousarray(images[indices]), np.ascontiguousarray(labels[indices])
    if len(indices) <= 4000 and fnv1a64([images.tobytes(), labels.tobytes()]) != split["hash"]:
        raise SystemExit("verify: the test images picked from --data differ from the ones the lab tested on (hash)")
    return images, labels


def accuracy(state: Dict[str, torch.Tensor], meta: CheckpointMeta, x: torch.Tensor, y: torch.Tensor) -> float:
    model = build_model(state, meta, use_timm=False)
    model.load_state_dict(state, strict=True)
    with torch.no_grad():
        return (model.eval()(x).argmax(1) == y).float().mean().item()


def structured(tensors: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    """The hard cut: prunable weights ⊙ R, the cut groups' biases and BN γ/β ⊙ cut."""
    state = weights_of(tensors)
    for name in list(state):
        for prefix in ("refill.", "cut."):
            if prefix + name in tensors:
                state[name] = state[name] * tensors[prefix + name].to(state[name].dtype)
    return state


def verify(ckpt_dir: str, run_path: str, data: List[str]) -> int:
    with open(run_path, encoding="utf-8") as f:
        log = json.load(f)
    rows = []
    cache = {}
    def evaluate(path, make_state):
        tensors, metadata = read_file(path)
        meta = parse_meta(metadata)
        if "xy" not in cache:
            images, labels = test_split(meta, data)
            cache["xy"] = (preprocess(images, meta), torch.as_tensor(labels, dtype=torch.int64))
        return accuracy(make_state(tensors), meta, *cache["xy"])
    for it in log["iterations"]:
        path = os.path.join(ckpt_dir, f"iter-{it['index']}.safetensors")
        rows.append((f"iteration {it['index']} unstructured", evaluate(path, weights_of), it["testAccUnstructured"]))
        rows.append((f"iteration {it['index']} structured", evaluate(path, structured), it["testAccStructured"]))
    final_path = os.path.join(ckpt_dir, "final.safetensors")
    if log.get("final") and os.path.exists(final_path):
        rows.append(("final ticket", evaluate(final_path, weights_of), log["final"]["testAcc"]))
    worst = 0.0
    print(f"{'figure':34} {'PyTorch':>8} {'run log':>8} {'diff':>7}")
    for name, ours, theirs in rows:
        worst = max(worst, abs(ours - theirs))
        flag = "" if abs(ours - theirs) <= TOLERANCE else "  <-- disagrees"
        print(f"{name:34} {100 * ours:7.2f}% {100 * theirs:7.2f}% {100 * (ours - theirs):+6.2f}{flag}")
    return 0 if worst <= TOLERANCE else 1


def main(argv: List[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m pruning_lab")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify", help="recompute a run's accuracies from its checkpoints")
    v.add_argument("ckpt_dir")
    v.add_argument("run")
    v.add_argument("--data", nargs="+", default=[], help="mnist.bin, or the IDX / CIFAR test files of a loaded dataset")
    h = sub.add_parser("verify-heads", help="recompute a ViT run's attention maps and head ablation from its checkpoints")
    h.add_argument("ckpt_dir")
    h.add_argument("run")
    h.add_argument("--data", nargs="+", default=[], help="mnist.bin, or the IDX / CIFAR test files of a loaded dataset")
    h.add_argument("--kinds", nargs="+", default=["head"], choices=["head", "neuron"],
                   help="the group kinds whose ablation ranking is compared (default: head)")
    args = parser.parse_args(argv)
    if args.command == "verify-heads":
        from .heads import verify_heads

        return verify_heads(args.ckpt_dir, args.run, args.data, args.kinds)
    return verify(args.ckpt_dir, args.run, args.data)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
