"""Problem, Report and ContractLocation behave as frozen values (without dataclasses)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from env_contract import ContractLocation, Problem, Report


def test_values_are_immutable_comparable_hashable() -> None:
    p = Problem("A", "missing", "error", "required in every environment")
    assert p == Problem("A", "missing", "error", "required in every environment", None)
    assert hash(p) == hash(Problem("A", "missing", "error", "required in every environment"))
    assert p != Problem("B", "missing", "error", "required in every environment")
    with pytest.raises(AttributeError):
        p.var = "B"  # type: ignore[misc]
    r = Report(False, "production", 1, (p,), text="secret-free text")
    assert r == Report(False, "production", 1, (p,), text="other text")  # text is not compared
    assert "text=" not in repr(r) and "Problem(var='A'" in repr(r)
    assert ContractLocation(pointer="/x") == ContractLocation(None, None, None, "/x")


def test_import_does_not_load_logging_json_or_dataclasses() -> None:
    code = "import sys, env_contract; print(sorted(m for m in ('logging', 'json', 'dataclasses') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
