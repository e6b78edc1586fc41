"""load_model: a lab checkpoint as a torch.nn.Module in eval mode, loaded with strict=True."""
from typing import Dict, Tuple

import torch
from torch import nn

from .checkpoint import CheckpointMeta, parse_meta, read_file, weights_of
from .resnet import LabResNet
from .vit import LabViT, timm_vit


def _has_timm() -> bool:
    try:
        import timm  # noqa: F401
    except Exception:
        return False
    return True


def build_model(state: Dict[str, torch.Tensor], meta: CheckpointMeta, use_timm=None) -> nn.Module:
    """An empty module whose state-dict names and shapes are those of `state`."""
    if meta.arch == "resnet":
        return LabResNet(state)
    m = meta.config["model"]
    dense = not meta.compacted
    if (use_timm if use_timm is not None else _has_timm()) and dense:
        return timm_vit(state, meta.config, meta.hwc)
    return LabViT(state, m["numHeads"], m["patchSize"])


def load_with_meta(path: str, use_timm=None) -> Tuple[nn.Module, CheckpointMeta]:
    tensors, metadata = read_file(path)
    meta = parse_meta(metadata)
    state = weights_of(tensors)
    model = build_model(state, meta, use_timm)
    model.load_state_dict(state, strict=True)
    return model.eval(), meta


def load_model(path: str, use_timm=None) -> nn.Module:
    """The checkpoint's model in eval mode; its metadata is on `model.lab_meta`.
    use_timm: None = timm's VisionTransformer when timm imports (dense ViTs), else the built-in module."""
    model, meta = load_with_meta(path, use_timm)
    model.lab_meta = meta
    return model
