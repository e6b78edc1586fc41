import pytest
import torch
from safetensors.torch import load_file

from pruning_lab import load_masks, load_metadata, load_model, preprocess
from pruning_lab.checkpoint import read_file, weights_of
from pruning_lab.load import build_model

CASES = ["vit", "vit-compact", "resnet"]


@pytest.mark.parametrize("name", CASES)
def test_logits_equal_the_labs(fixtures, name):
    model = load_model(str(fixtures / f"{name}.safetensors"), use_timm=False)
    expected = load_file(str(fixtures / f"{name}.expected.safetensors"))
    with torch.no_grad():
        logits = model(preprocess(expected["images"], model.lab_meta))
    assert logits.shape == expected["logits"].shape
    assert (logits - expected["logits"]).abs().max().item() < 1e-4


@pytest.mark.parametrize("name", CASES)
def test_strict_loading_refuses_a_missing_tensor(fixtures, name):
    tensors, metadata = read_file(str(fixtures / f"{name}.safetensors"))
    from pruning_lab.checkpoint import parse_meta

    state = weights_of(tensors)
    model = build_model(state, parse_meta(metadata), use_timm=False)
    state.pop(next(iter(state)))
    with pytest.raises(RuntimeError, match="Missing key"):
        model.load_state_dict(state, strict=True)


def test_compacted_vit_has_two_of_four_heads_per_block(fixtures):
    model = load_model(str(fixtures / "vit-compact.safetensors"), use_timm=False)
    assert [b.attn.heads for b in model.blocks] == [2, 2]
    assert [b.mlp.fc1.out_features for b in model.blocks] == [16, 16]
    assert model.lab_meta.compacted and model.lab_meta.kept["blocks.0.attn"] == [0, 1]


def test_metadata_describes_the_run(fixtures):
    meta = load_metadata(str(fixtures / "vit.safetensors"))
    assert meta.hwc == [16, 16, 1] and meta.layout == "NCHW" and meta.num_classes == 4
    assert meta.config["model"]["embedDim"] == 16 and meta.arch == "vit" and meta.iteration == "final"
    assert meta.test_split["source"] == "synthetic" and len(meta.test_split["indices"]) == 16


def test_preprocess_normalizes_per_channel():
    from pruning_lab.checkpoint import CheckpointMeta

    meta = CheckpointMeta({}, [0.5], [0.25], [1, 2, 1], "NCHW", 2, {}, "vit", "0", "", {}, False, {})
    x = preprocess(torch.tensor([[[[0], [255]]]], dtype=torch.uint8), meta)
    # (0/255 − 0.5)/0.25 = −2, (1 − 0.5)/0.25 = 2; HWC [1, 2, 1] → NCHW [1, 1, 1, 2]
    assert x.shape == (1, 1, 1, 2) and x.flatten().tolist() == [-2.0, 2.0]


def test_masks_are_read_per_parameter(fixtures):
    masks = load_masks(str(fixtures / "vit.safetensors"))
    assert masks["blocks.0.attn.qkv.weight"]["M"].shape == (48, 16)
    assert masks["blocks.0.attn.qkv.weight"]["R"] is None  # final.safetensors has no R


def test_timm_loads_the_dense_vit_with_the_same_logits(fixtures):
    pytest.importorskip("timm")
    model = load_model(str(fixtures / "vit.safetensors"), use_timm=True)
    expected = load_file(str(fixtures / "vit.expected.safetensors"))
    assert type(model).__name__ == "VisionTransformer"
    with torch.no_grad():
        assert (model(preprocess(expected["images"], model.lab_meta)) - expected["logits"]).abs().max() < 1e-4
