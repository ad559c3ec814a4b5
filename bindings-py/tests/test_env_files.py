"""The shared env-file cases of `tests/env-files/` (format: tests/README.md) through
`assert_env(env_files=...)`: the same values, warnings and bad lines as the Rust core, the CLI
and Node."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from env_contract import EnvFileError, assert_env, validate_env

CASES = REPO / "tests" / "env-files"
KEYS = {"description", "files", "env", "expand", "values", "absent", "warnings", "error", "not_in_error"}


def case_paths() -> list[Path]:
    return sorted(CASES.glob("*.json"))


def contract_of(case: dict[str, Any]) -> dict[str, Any]:
    """The contract every front runs a case through: passes exactly on `values`, no `absent`."""
    props: dict[str, Any] = {}
    for k, v in case.get("values", {}).items():
        props[k] = {"type": "string", "x-empty": "value", "const": v}
    for k in case.get("absent", []):
        props[k] = {"type": "string", "x-empty": "value", "const": "\0absent"}
    return {"type": "object", "properties": props, "required": list(case.get("values", {}))}


def test_the_cases_are_there() -> None:
    assert len(case_paths()) >= 15


@pytest.mark.parametrize("path", case_paths(), ids=lambda p: p.stem)
def test_env_file_case(path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    assert set(case) <= KEYS, f"unknown keys {set(case) - KEYS}"
    files = []
    for i, text in enumerate(case["files"]):
        f = tmp_path / f"{i}.env"
        if text is not None:
            f.write_bytes(text.encode("utf-8"))
        files.append(f)
    # Always an explicit env: the process environment is never a layer of a case.
    kwargs: dict[str, Any] = {"env": case.get("env", {}), "env_files": files, "env_expand": case.get("expand", False)}
    if "error" in case:
        want = case["error"]
        with pytest.raises(EnvFileError) as info:
            validate_env(contract_of(case), **kwargs)
        e = info.value
        assert e.path == str(files[want["file"]])
        assert [[line, column] for line, column, _ in e.lines] == want["lines"], str(e)
        for line, column in want["lines"]:
            assert f"{files[want['file']]}:{line}:{column}: " in str(e)
        for s in case.get("not_in_error", []):
            assert s not in str(e) and all(s not in m for _, _, m in e.lines)
        return
    with caplog.at_level(logging.WARNING, logger="env_contract"):
        values = assert_env(contract_of(case), **kwargs)
    for k, v in case.get("values", {}).items():
        assert values[k] == v, k
    for k in case.get("absent", []):
        assert k not in values
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == len(case.get("warnings", [])), warned
    for w, want in zip(warned, case.get("warnings", [])):
        a, b = want["lines"]
        assert want["key"] in w and f"line {a}" in w and f"line {b}" in w, w


def test_env_expand_must_be_a_bool() -> None:
    with pytest.raises(TypeError):
        validate_env({"type": "object"}, env={}, env_expand="yes")  # type: ignore[arg-type]
