"""Shared helpers: generated secrets and the shared cases of `tests/cases/`."""

from __future__ import annotations

import importlib.util
import json
import re
import secrets
import string
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CASES_DIR = REPO / "tests" / "cases"
CASE_KEYS = {
    "description",
    "contract",
    "contract_file",
    "contract_text",
    "env",
    "environment",
    "phase",
    "expect",
    "values",
    "contract_error",
}
ALNUM = string.ascii_letters + string.digits


def require_tool(module: str) -> None:
    """A tool the suite needs (mypy, stubtest): a missing one fails the test, never skips it.
    scripts/test-python.sh installs them, pinned, from bindings-py/requirements-test.txt."""
    if importlib.util.find_spec(module) is None:
        pytest.fail(
            f"{module} is not installed: scripts/test-python.sh installs it from bindings-py/requirements-test.txt",
            pytrace=False,
        )


def random_alnum(n: int) -> str:
    return "".join(secrets.choice(ALNUM) for _ in range(n))


def expand(value: str) -> str:
    """`${random:N}` → N random letters and digits, new every run."""
    return re.sub(r"\$\{random:(\d+)\}", lambda m: random_alnum(int(m.group(1))), value)


def load_case(path: Path) -> dict[str, Any]:
    case = json.loads(path.read_text())
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"{path.name}: unknown key(s) {sorted(unknown)}"
    return case


def case_paths() -> list[Path]:
    return sorted(CASES_DIR.glob("*.json"))


def leaks(text: str, secret: str, run: int = 8) -> bool:
    """Whether `text` holds any `run`-character piece of `secret`."""
    return any(secret[i : i + run] in text for i in range(len(secret) - run + 1))


@pytest.fixture
def secret() -> str:
    return random_alnum(40)
