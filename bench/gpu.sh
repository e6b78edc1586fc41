#!/usr/bin/env bash
# The bench on a machine with a real GPU: installs Chromium if there is none, runs the Chromium
# rows (WebGPU, WebGL, WASM) with the GPU enabled, and PyTorch on CUDA when torch sees one.
# Writes bench/results-gpu.json and bench/torch-cuda.json; prints both tables.
#
#   bash bench/gpu.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK="${1:-}"

if [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ -x /usr/bin/chromium ]; then
    export CHROMIUM_PATH=/usr/bin/chromium
  elif command -v apt-get >/dev/null; then
    echo "# installing Debian's chromium" >&2
    sudo apt-get update -qq && sudo apt-get install -y -qq chromium
    export CHROMIUM_PATH=/usr/bin/chromium
  else
    echo "# no Chromium and no apt-get: set CHROMIUM_PATH" >&2
    exit 1
  fi
fi
[ -d node_modules ] || npm ci

# The lab's Chromium flags pick SwiftShader; BENCH_GPU=1 makes bench/chromium.ts drop those.
export BENCH_GPU=1
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || echo "# nvidia-smi: none" >&2

npm run bench -- ${QUICK} --backends chromium-webgpu,chromium-webgl,chromium-wasm \
  --out bench/results-gpu.json

PY="${PRUNING_LAB_PYTHON:-.venv-python/bin/python}"
if [ -x "$PY" ] && "$PY" -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)" 2>/dev/null; then
  "$PY" bench/torch_reference.py ${QUICK} --device cuda | tee bench/torch-cuda.json
else
  echo "# PyTorch CUDA: not available (no torch with CUDA in $PY)" >&2
fi
