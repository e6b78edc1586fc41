"""verify-heads: recompute a ViT run's attention maps and its ablation ground truth in PyTorch,
from each iteration's checkpoint, and compare them with the run log (docs/heads.md).

The ablation here is independent of the lab's: each group's weights are zeroed in the state
dict (the lab multiplies an activation by 0 on stacked copies), and it is measured on the run's
whole test split instead of the few training batches the lab used."""
import json
import os
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from .checkpoint import CheckpointMeta, parse_meta, preprocess, read_file, weights_of
from .data import read_pool
from .vit import LabViT

ATTENTION_TOLERANCE = 2e-3
RHO_BOUND = 0.6
# Below this many alive groups a rank correlation says next to nothing: a random ranking of 4
# reaches ρ ≥ 0.6 one time in five (of 5: one in six; of 8: one in 18; of 16: one in 130).
MIN_RANKED = 5


def average_ranks(values: Sequence[float]) -> np.ndarray:
    """Ranks from 1, ties given their average rank."""
    v = np.asarray(values, dtype=np.float64)
    order = np.argsort(v, kind="stable")
    ranks = np.empty(len(v), dtype=np.float64)
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and v[order[j + 1]] == v[order[i]]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(a: Sequence[float], b: Sequence[float]) -> Optional[float]:
    """Spearman's ρ with average ranks for ties; None below 2 pairs or when a side has no variance."""
    if len(a) != len(b):
        raise ValueError(f"spearman: {len(a)} values against {len(b)}")
    if len(a) < 2:
        return None
    ra, rb = average_ranks(a), average_ranks(b)
    ra, rb = ra - ra.mean(), rb - rb.mean()
    denominator = float(np.sqrt((ra * ra).sum() * (rb * rb).sum()))
    return None if denominator == 0 else float((ra * rb).sum() / denominator)


def class_attention(model: LabViT, x: torch.Tensor) -> Dict[str, np.ndarray]:
    """Per block "blocks.i.attn": [image][head][patch], the class token's softmax row without itself."""
    maps: Dict[str, np.ndarray] = {}
    for i, block in enumerate(model.blocks):
        def sink(attn: torch.Tensor, name: str = f"blocks.{i}.attn") -> None:
            maps[name] = attn[:, :, 0, 1:].double().numpy()
        block.attn.attention_sink = sink
    try:
        with torch.no_grad():
            model(x)
    finally:
        for block in model.blocks:
            block.attn.attention_sink = None
    return maps


def zeroed(state: Dict[str, torch.Tensor], set_name: str, kind: str, g: int, heads: int) -> Dict[str, torch.Tensor]:
    """`state` with group g of the set zeroed: its prunable slices and what it owns (biases)."""
    out = dict(state)

    def zero(name: str, axis: int, start: int, width: int) -> None:
        t = out[name].clone()
        t.narrow(axis, start, width).zero_()
        out[name] = t

    if kind == "head":
        dim = state[f"{set_name}.proj.weight"].shape[1]
        width = dim // heads
        for part in range(3):  # the head's q, k and v rows
            zero(f"{set_name}.qkv.weight", 0, part * dim + g * width, width)
            zero(f"{set_name}.qkv.bias", 0, part * dim + g * width, width)
        zero(f"{set_name}.proj.weight", 1, g * width, width)
    elif kind == "neuron":
        zero(f"{set_name}.fc1.weight", 0, g, 1)
        zero(f"{set_name}.fc1.bias", 0, g, 1)
        zero(f"{set_name}.fc2.weight", 1, g, 1)
    else:
        raise ValueError(f"verify-heads: cannot ablate a {kind} set ({set_name}) of a ViT")
    return out


def mean_loss(model: LabViT, state: Dict[str, torch.Tensor], x: torch.Tensor, y: torch.Tensor) -> float:
    model.load_state_dict(state, strict=True)
    with torch.no_grad():
        return F.cross_entropy(model(x).double(), y).item()


def ablation(model: LabViT, state: Dict[str, torch.Tensor], x: torch.Tensor, y: torch.Tensor,
             set_name: str, kind: str, alive: List[bool], heads: int) -> List[Optional[float]]:
    """Δ mean cross-entropy per group with that group alone zeroed; None where `alive` is False."""
    base = mean_loss(model, state, x, y)
    return [mean_loss(model, zeroed(state, set_name, kind, g, heads), x, y) - base if a else None
            for g, a in enumerate(alive)]


def paired(ours: List[Optional[float]], theirs: List[Optional[float]]) -> Tuple[List[float], List[float]]:
    pairs = [(a, b) for a, b in zip(ours, theirs) if a is not None and b is not None]
    return [a for a, _ in pairs], [b for _, b in pairs]


def pool_images(meta: CheckpointMeta, data: List[str], indices: List[int]) -> torch.Tensor:
    source = meta.test_split["source"]
    if source == "synthetic":
        raise SystemExit("verify-heads: this run used the lab's procedural 'synthetic' pool, which only the lab draws")
    if not data:
        raise SystemExit(f"verify-heads: give the data with --data (the run's images index {source})")
    images, _ = read_pool(data, source)
    return preprocess(np.ascontiguousarray(images[np.asarray(indices, dtype=np.int64)]), meta)


def compare(ckpt_dir: str, run_path: str, data: List[str], kinds: Sequence[str] = ("head",)) -> dict:
    """Per iteration: "attention" (max |Δ| of the maps, None when not logged) and per kind
    {"rho", "n"}: ρ between the recomputed and the logged ablation over the iteration's alive
    groups of that kind, pooled over its blocks (Δloss has the same units in every block)."""
    from .verify import test_split  # verify's test split, checked against the logged hash

    with open(run_path, encoding="utf-8") as f:
        log = json.load(f)
    config = log["config"]
    if config.get("arch") != "vit":
        raise SystemExit("verify-heads: the run is not a ViT's (attention maps and head ablation are ViT-only)")
    kind_of = {g["name"]: g["kind"] for g in log["model"]["groups"]}
    evaluation = None
    rows = []
    for it in log["iterations"]:
        tensors, metadata = read_file(os.path.join(ckpt_dir, f"iter-{it['index']}.safetensors"))
        meta = parse_meta(metadata)
        state = weights_of(tensors)
        model = LabViT(state, config["model"]["numHeads"], config["model"]["patchSize"])
        model.load_state_dict(state, strict=True)
        model.eval()
        if evaluation is None:
            images, labels = test_split(meta, data)
            evaluation = (preprocess(images, meta), torch.as_tensor(labels, dtype=torch.int64))
        row = {"index": it["index"], "attention": None}
        logged_maps = (it.get("attention") or {}).get("maps") or {}
        if logged_maps:
            ours = class_attention(model, pool_images(meta, data, it["attention"]["images"]))
            row["attention"] = max(float(np.abs(ours[name] - np.asarray(theirs)).max())
                                   for name, theirs in logged_maps.items())
        for kind in kinds:
            recomputed: List[float] = []
            logged: List[float] = []
            for name, record in it["groups"].items():
                if kind_of.get(name) != kind or record.get("ablation") is None:
                    continue
                alive = [v is not None for v in record["ablation"]]
                a, b = paired(ablation(model, state, *evaluation, name, kind, alive, config["model"]["numHeads"]),
                              record["ablation"])
                recomputed += a
                logged += b
            row[kind] = {"rho": spearman(recomputed, logged), "n": len(recomputed)}
        rows.append(row)
    lab_images = min(config["criteriaBatches"] * config["batchSize"], config["trainSize"])
    return {"rows": rows, "images": len(evaluation[1]) if evaluation else 0, "labImages": lab_images}


def held(cell: dict) -> bool:
    """Whether an iteration's ρ is held to the bound: at least MIN_RANKED groups and a defined ρ."""
    return cell["n"] >= MIN_RANKED and cell["rho"] is not None


def agrees(result: dict, kinds: Sequence[str]) -> bool:
    return all((row["attention"] is None or row["attention"] <= ATTENTION_TOLERANCE)
               and all(not held(row[k]) or row[k]["rho"] >= RHO_BOUND for k in kinds)
               for row in result["rows"])


def verify_heads(ckpt_dir: str, run_path: str, data: List[str], kinds: Sequence[str] = ("head",)) -> int:
    """Prints one row per iteration; 0 when every map is within ATTENTION_TOLERANCE and every
    iteration with at least MIN_RANKED alive groups of a kind ranks them with ρ ≥ RHO_BOUND."""
    result = compare(ckpt_dir, run_path, data, kinds)
    print(f"ablation recomputed on the {result['images']} test-split images "
          f"(the lab's: {result['labImages']} training images)")
    print(f"{'iteration':>9} {'max |Δ| attention':>18} " + " ".join(f"{'ρ ' + k + ' (n)':>16}" for k in kinds))
    for row in result["rows"]:
        cells = []
        for kind in kinds:
            cell = row[kind]
            shown = "-" if cell["rho"] is None else f"{cell['rho']:+.3f}"
            text = f"{shown} ({cell['n']})" + ("" if held(cell) else "*")
            cells.append(f"{text:>16}")
        attention = "-" if row["attention"] is None else f"{row['attention']:.2e}"
        print(f"{row['index']:>9} {attention:>18} " + " ".join(cells))
    print(f"bounds: attention within {ATTENTION_TOLERANCE:g}; ρ ≥ {RHO_BOUND} over an iteration's alive groups "
          f"of a kind, pooled over its blocks (*: fewer than {MIN_RANKED} groups or ρ undefined, not held to it)")
    ok = agrees(result, kinds)
    print("agrees" if ok else "DISAGREES")
    return 0 if ok else 1
