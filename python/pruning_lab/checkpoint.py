"""Reading a lab safetensors file: its tensors, its metadata (docs/checkpoints.md), masks."""
import json
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

import torch
from safetensors import safe_open

MASK_PREFIXES = ("mask.", "refill.", "cut.")


@dataclass
class CheckpointMeta:
    config: Dict[str, Any]
    mean: List[float]
    std: List[float]
    hwc: List[int]
    layout: str
    num_classes: int
    dataset: Dict[str, str]
    arch: str
    iteration: str
    lab_version: str
    test_split: Dict[str, Any]
    compacted: bool
    kept: Dict[str, List[int]]


def read_file(path: str):
    """(tensors by name, metadata strings) of a safetensors file."""
    with safe_open(path, framework="pt") as f:
        tensors = {name: f.get_tensor(name) for name in f.keys()}
        metadata = f.metadata() or {}
    return tensors, metadata


def parse_meta(metadata: Dict[str, str]) -> CheckpointMeta:
    if "config" not in metadata:
        raise ValueError("this safetensors file has no lab metadata (written before checkpoints described themselves?)")
    shape = json.loads(metadata["inputShape"])
    return CheckpointMeta(
        config=json.loads(metadata["config"]),
        mean=json.loads(metadata["mean"]),
        std=json.loads(metadata["std"]),
        hwc=list(shape["hwc"]),
        layout=shape["layout"],
        num_classes=int(metadata["numClasses"]),
        dataset=json.loads(metadata["dataset"]),
        arch=metadata["arch"],
        iteration=metadata["iteration"],
        lab_version=metadata.get("labVersion", ""),
        test_split=json.loads(metadata["testSplit"]),
        compacted=metadata.get("compacted") == "true",
        kept={k[len("kept."):]: json.loads(v) for k, v in metadata.items() if k.startswith("kept.")},
    )


def load_metadata(path: str) -> CheckpointMeta:
    return parse_meta(read_file(path)[1])


def weights_of(tensors: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    return {k: v for k, v in tensors.items() if not k.startswith(MASK_PREFIXES)}


def load_masks(path: str) -> Dict[str, Dict[str, Optional[torch.Tensor]]]:
    """Per prunable parameter: M (`mask.NAME`) and R (`refill.NAME`, None in final.safetensors), as bool."""
    tensors, _ = read_file(path)
    masks: Dict[str, Dict[str, Optional[torch.Tensor]]] = {}
    for key, value in tensors.items():
        if key.startswith("mask."):
            name = key[len("mask."):]
            refill = tensors.get("refill." + name)
            masks[name] = {"M": value.bool(), "R": None if refill is None else refill.bool()}
    return masks


def preprocess(images, meta: CheckpointMeta) -> torch.Tensor:
    """uint8 images [N, H, W, C] → float32 [N, C, H, W] as the model sees them: (pixel/255 − mean)/std."""
    x = torch.as_tensor(images).to(torch.float64)
    if x.dim() == 3:
        x = x.unsqueeze(-1)
    mean = torch.tensor(meta.mean, dtype=torch.float64)
    # The lab multiplies by 1/std, and a channel of std 0 is left unscaled.
    scale = torch.tensor([1.0 / s if s else 1.0 for s in meta.std], dtype=torch.float64)
    x = (x / 255.0 - mean) * scale
    return x.to(torch.float32).permute(0, 3, 1, 2).contiguous()
