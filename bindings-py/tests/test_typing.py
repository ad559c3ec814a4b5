"""Typed access: `docs --format python` writes a TypedDict that mypy --strict and pyright
accept through `assert_env(typed=Env)` and `app_env(app, Env)`, and they report misuse."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO, require_tool

FASTAPI = REPO / "examples" / "fastapi"
FIXTURES = Path(__file__).resolve().parent / "typed_fixtures"
WRONG = FIXTURES / "wrong_env_use.py"
EXPECTED_ERRORS = [n for n, line in enumerate(WRONG.read_text().splitlines(), 1) if "# error:" in line]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "env_contract", *args], capture_output=True, text=True, cwd=FASTAPI)


def mypy(*paths: Path) -> subprocess.CompletedProcess[str]:
    require_tool("mypy")
    env = {**os.environ, "MYPYPATH": str(FASTAPI)}
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=FASTAPI,
        env=env,
    )


def pyright(*paths: Path) -> subprocess.CompletedProcess[str]:
    tool = os.environ.get("ENV_CONTRACT_PYRIGHT", "")
    assert tool and Path(tool).is_file(), "pyright is not installed: scripts/test-python.sh installs it from npm"
    return subprocess.run(
        [tool, "--pythonpath", sys.executable, *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=FASTAPI,
        env={**os.environ, "PYTHONPATH": str(FASTAPI)},
    )


def test_the_committed_types_of_the_example_are_fresh() -> None:
    out = cli("docs", "--format", "python", "--out", "app/env_types.py", "--check")
    assert out.returncode == 0, out.stderr


def test_docs_check_fails_on_stale_types(tmp_path: Path) -> None:
    stale = tmp_path / "env_types.py"
    stale.write_text(
        (FASTAPI / "app" / "env_types.py").read_text().replace("WEB_CONCURRENCY: int", "WEB_CONCURRENCY: str")
    )
    out = cli("docs", "--format", "python", "--out", str(stale), "--check")
    assert out.returncode == 1
    assert "is stale" in out.stderr and "--format python" in out.stderr


def test_the_typed_example_app_passes_mypy_strict() -> None:
    out = mypy(FASTAPI / "app", FIXTURES / "good_env_use.py")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_reports_each_misuse_of_the_typed_values() -> None:
    out = mypy(WRONG)
    lines = sorted({int(m.group(1)) for m in re.finditer(r"wrong_env_use\.py:(\d+): error", out.stdout)})
    assert out.returncode == 1, out.stdout + out.stderr
    assert lines == EXPECTED_ERRORS, out.stdout
    assert '"DATABSE_URL"' in out.stdout, out.stdout


def test_pyright_accepts_the_typed_use_and_reports_misuse() -> None:
    good = pyright(FASTAPI / "app", FIXTURES / "good_env_use.py")
    assert good.returncode == 0, good.stdout + good.stderr
    bad = pyright(WRONG)
    lines = sorted({int(m.group(1)) for m in re.finditer(r"wrong_env_use\.py:(\d+):\d+ - error", bad.stdout)})
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert lines == EXPECTED_ERRORS, bad.stdout
