import json
import subprocess
import sys

import pytest

from pruning_lab import RunLogger, RunLogError
from conftest import REPO

CONFIG = {"arch": "vit", "model": {"depth": 1, "embedDim": 8, "numHeads": 2, "mlpRatio": 0.5, "patchSize": 7},
          "dataset": "mnist", "struct": "refill", "pruningTimes": 1, "rate": 0.5, "seed": 1}
MODEL = {"arch": "vit", "prunableParams": 320, "groups": [{"name": "blocks.0.attn", "kind": "head", "count": 2}]}


def lab_reads(path) -> bool:
    result = subprocess.run(["npx", "tsx", "python/tests/read_runlog.ts", str(path)], cwd=REPO,
                            capture_output=True, text=True)
    return result.returncode == 0 and result.stdout.strip() == "ok"


def test_the_labs_reader_accepts_a_logged_run(tmp_path):
    path = tmp_path / "run.json"
    log = RunLogger(str(path), CONFIG, {"backend": "cuda"}, model=MODEL)
    log.epoch(0, 1.25, 0.6, 0.55)
    log.iteration(0.5, 0.55, 0.42, 0.3, groups={"blocks.0.attn": {
        "kind": "head", "importance": [0.8, 0.2], "alive": [True, False], "density": [0.7, 0.3]}})
    log.final(0.42, 0.5, {"head": 1})
    written = json.loads(path.read_text())
    assert written["iterations"][0]["testAccStructured"] == 0.42 and written["final"]["aliveGroups"] == {"head": 1}
    assert lab_reads(path)


def test_a_nan_is_refused_and_the_file_keeps_the_last_good_state(tmp_path):
    path = tmp_path / "run.json"
    log = RunLogger(str(path), CONFIG, {"backend": "cuda"}, model=MODEL)
    with pytest.raises(RunLogError, match=r"iterations\[0\]\.epochs\[0\]"):
        log.epoch(0, float("nan"), 0.5, 0.5)
    with pytest.raises(RunLogError, match="testAccStructured"):
        log.iteration(0.5, 0.5, 1.5, 0.3)
    assert json.loads(path.read_text())["iterations"] == []


def test_the_labs_reader_refuses_a_nan_written_by_hand(tmp_path):
    path = tmp_path / "run.json"
    RunLogger(str(path), CONFIG, {"backend": "cuda"}, model=MODEL)
    text = path.read_text().replace('"iterations": []', '"iterations": [{"index": 0, "testAccUnstructured": NaN}]')
    path.write_text(text)
    assert not lab_reads(path)


def test_the_example_loop_writes_a_run_the_lab_reads(tmp_path):
    path = tmp_path / "example.json"
    subprocess.run([sys.executable, str(REPO / "python/examples/imp_refill_loop.py"), str(path)], check=True)
    assert len(json.loads(path.read_text())["iterations"]) == 3
    assert lab_reads(path)


def test_a_trained_final_ticket_keeps_its_curve_and_its_cut(tmp_path):
    path = tmp_path / "run.json"
    log = RunLogger(str(path), CONFIG, {"backend": "cuda"}, model=MODEL)
    log.epoch(0, 1.25, 0.6, 0.55)
    log.iteration(0.5, 0.55, 0.42, 0.3, trained_sparsity=0.0)
    log.epoch(0, 0.9, 0.7, 0.61)
    log.final(0.61, 0.3, {"head": 1}, test_acc_cut=0.42, final_train="rewind")
    final = json.loads(path.read_text())["final"]
    assert final["testAccCut"] == 0.42 and final["finalTrain"] == "rewind"
    assert [e["testAcc"] for e in final["epochs"]] == [0.61]
    assert lab_reads(path)
    with pytest.raises(RunLogError, match="finalTrain"):
        log.final(0.61, 0.3, {"head": 1}, final_train="retrain")
