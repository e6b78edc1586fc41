"""Fixtures the TypeScript side writes (test/unit/python-fixtures.test.ts), made here when absent."""
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(os.environ.get("PYTHON_FIXTURES_DIR", REPO / ".python-fixtures"))
NAMES = ["vit", "vit-compact", "resnet"]


@pytest.fixture(scope="session")
def fixtures() -> Path:
    if not all((FIXTURES / f"{n}.expected.safetensors").exists() for n in NAMES):
        env = {**os.environ, "PYTHON_FIXTURES_DIR": str(FIXTURES)}
        subprocess.run(["npx", "vitest", "run", "test/unit/python-fixtures.test.ts"], cwd=REPO, env=env, check=True)
    return FIXTURES
