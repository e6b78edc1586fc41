#!/usr/bin/env bash
# The Python companion's tests (python/tests), with the venv .ci/run makes (.venv-python, or
# $PRUNING_LAB_PYTHON). Without a Python that imports torch it says so loudly and passes.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PRUNING_LAB_PYTHON:-.venv-python/bin/python}"
if [ ! -x "$PY" ] || ! "$PY" -c "import torch, safetensors, numpy, pytest" 2>/dev/null; then
  echo "################################################################################"
  echo "# SKIPPED: Python tests (python/tests): no $PY with torch, safetensors, numpy and"
  echo "# pytest. Make one: python3 -m venv .venv-python && .venv-python/bin/pip install"
  echo "# torch numpy safetensors pytest && .venv-python/bin/pip install -e ./python"
  echo "################################################################################"
  exit 0
fi
"$PY" -c "import pruning_lab" 2>/dev/null || "$PY" -m pip install -q -e ./python
PY="$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")"
cd python && exec "$PY" -m pytest -q tests
