"""RunLogger: writes the lab's run-log format (docs/run-log.md) from a PyTorch loop, atomically
after every iteration, refusing what the lab's reader would refuse (NaN first of all)."""
import datetime
import json
import math
import os
from typing import Any, Dict, List, Optional

FORBIDDEN_KEYS = {"__proto__", "constructor", "prototype"}


class RunLogError(ValueError):
    """A value the run-log format does not allow; the message names its path."""


def _check(value: Any, path: str) -> None:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise RunLogError(f"{path}: expected a finite number, got {value}")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if key in FORBIDDEN_KEYS:
                raise RunLogError(f"{path}: key {key!r} is not allowed")
            _check(item, f"{path}.{key}")
        return
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _check(item, f"{path}[{i}]")
        return
    raise RunLogError(f"{path}: {type(value).__name__} is not JSON")


def _fraction(value: float, path: str) -> float:
    value = float(value)
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise RunLogError(f"{path}: expected a number in [0, 1], got {value}")
    return value


class RunLogger:
    def __init__(self, path: str, config: Dict[str, Any], env: Optional[Dict[str, Any]] = None,
                 model: Optional[Dict[str, Any]] = None):
        """model: {"arch", "prunableParams", "groups": [{"name", "kind", "count"}]}; defaults to none declared."""
        _check(config, "config")
        env = dict(env or {})
        env.setdefault("backend", "torch")
        env.setdefault("startedAt", datetime.datetime.now(datetime.timezone.utc).isoformat())
        _check(env, "env")
        self.path = path
        self.model = model or {"arch": config.get("arch", "vit"), "prunableParams": 0, "groups": []}
        self.log: Dict[str, Any] = {"format": "pruning-lab.run", "version": 1, "config": config, "env": env,
                                    "model": self.model, "iterations": [], "final": None}
        self._epochs: List[Dict[str, Any]] = []
        self._write()

    def epoch(self, epoch: int, train_loss: float, train_acc: float, test_acc: float, lam: float = 0.0) -> None:
        path = f"iterations[{len(self.log['iterations'])}].epochs[{len(self._epochs)}]"
        record = {"epoch": int(epoch), "trainLoss": float(train_loss), "trainAcc": _fraction(train_acc, path + ".trainAcc"),
                  "testAcc": _fraction(test_acc, path + ".testAcc"), "lambda": float(lam)}
        _check(record, path)
        if record["trainLoss"] < 0 or record["lambda"] < 0:
            raise RunLogError(f"{path}: trainLoss and lambda must be ≥ 0")
        self._epochs.append(record)

    def iteration(self, sparsity: float, test_acc_unstructured: float, test_acc_structured: float,
                  structured_sparsity: float, layers: Optional[Dict[str, float]] = None,
                  groups: Optional[Dict[str, Any]] = None, duration_ms: float = 0.0,
                  trained_sparsity: Optional[float] = None) -> None:
        index = len(self.log["iterations"])
        path = f"iterations[{index}]"
        declared = {g["name"]: g for g in self.model["groups"]}
        for name, record in (groups or {}).items():
            if name not in declared:
                raise RunLogError(f"{path}.groups.{name}: not declared in model.groups")
            for key in ("importance", "alive", "density"):
                if len(record[key]) != declared[name]["count"]:
                    raise RunLogError(f"{path}.groups.{name}.{key}: expected {declared[name]['count']} entries")
        record = {
            "index": index,
            "epochs": self._epochs,
            "sparsity": {"overall": _fraction(sparsity, path + ".sparsity.overall"),
                         "layers": {k: _fraction(v, f"{path}.sparsity.layers.{k}") for k, v in (layers or {}).items()}},
            "structuredSparsity": _fraction(structured_sparsity, path + ".structuredSparsity"),
            "testAccUnstructured": _fraction(test_acc_unstructured, path + ".testAccUnstructured"),
            "testAccStructured": _fraction(test_acc_structured, path + ".testAccStructured"),
            "groups": groups or {},
            "durationMs": float(duration_ms),
        }
        if trained_sparsity is not None:
            record["trainedSparsity"] = _fraction(trained_sparsity, path + ".trainedSparsity")
        _check(record, path)
        self.log["iterations"].append(record)
        self._epochs = []
        self._write()

    def final(self, test_acc: float, sparsity: float, alive_groups: Dict[str, int],
              test_acc_cut: Optional[float] = None, final_train: str = "none") -> None:
        """The final ticket: `test_acc` of the trained ticket at its mask's `sparsity`. The epochs
        recorded with epoch(...) since the last iteration are its training curve. `test_acc_cut` is
        the untrained hard cut (defaults to test_acc, i.e. no training); `final_train` says how the
        ticket was trained: "rewind" (from θ0, as main_eval_fillback.py), "finetune" or "none"."""
        if final_train not in ("rewind", "finetune", "none"):
            raise RunLogError(f'final.finalTrain: expected "rewind", "finetune" or "none", got {final_train!r}')
        if final_train == "none" and self._epochs:
            raise RunLogError('final.epochs: epochs were recorded, but finalTrain is "none"')
        record = {"testAcc": _fraction(test_acc, "final.testAcc"), "sparsity": _fraction(sparsity, "final.sparsity"),
                  "testAccCut": _fraction(test_acc if test_acc_cut is None else test_acc_cut, "final.testAccCut"),
                  "finalTrain": final_train, "epochs": self._epochs,
                  "aliveGroups": {k: int(v) for k, v in alive_groups.items()}}
        _check(record, "final")
        self.log["final"] = record
        self._epochs = []
        self._write()

    def _write(self) -> None:
        # A reader never sees half a file: write beside it, then rename over it.
        tmp = f"{self.path}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self.log, f, allow_nan=False, indent=2)
            f.write("\n")
        os.replace(tmp, self.path)
