"""Pruning Lab checkpoints in PyTorch: load_model, load_masks, preprocess, RunLogger, verify."""
from .checkpoint import CheckpointMeta, load_masks, load_metadata, preprocess
from .load import load_model
from .runlog import RunLogger, RunLogError

__all__ = ["CheckpointMeta", "load_masks", "load_metadata", "load_model", "preprocess", "RunLogger", "RunLogError"]
