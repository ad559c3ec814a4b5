"""The shared acceptance cases of `tests/cases/`, through `validate_env`: the same
`{var, code, severity}` as the Rust and Node runners."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import case_paths, expand, load_case

from env_contract import ContractError, _check, validate_env


def test_cases_are_there() -> None:
    assert len(case_paths()) >= 10


@pytest.mark.parametrize("path", case_paths(), ids=lambda p: p.stem)
def test_case(path: Path, tmp_path: Path) -> None:
    case = load_case(path)
    contract: Any
    if "contract" in case:
        contract = case["contract"]
    elif "contract_file" in case:
        contract = path.parent / case["contract_file"]
    else:  # raw text (e.g. broken JSON): from a file, as a user would have it
        contract = tmp_path / "env.contract.json"
        contract.write_text(case["contract_text"])
    env = {k: expand(v) for k, v in case.get("env", {}).items()}
    environment = case.get("environment")
    phase = case.get("phase", "runtime")

    if "contract_error" in case:
        want = case["contract_error"]
        with pytest.raises(ContractError) as info:
            validate_env(contract, env=env, environment=environment, phase=phase)
        e = info.value
        assert e.kind == want["kind"], str(e)
        for key in ("pointer", "line", "column"):
            if key in want:
                assert getattr(e.location, key) == want[key], str(e)
        return

    report = validate_env(contract, env=env, environment=environment, phase=phase)
    actual = Counter((p.var, p.code, p.severity) for p in report.problems)
    expected = Counter((e.get("var"), e["code"], e.get("severity", "error")) for e in case["expect"])
    assert actual == expected, "\n".join(str(p) for p in report.problems)
    assert report.ok == (not any(p.severity == "error" for p in report.problems))
    if "values" in case:
        _, values, _ = _check(contract, environment, env, None, phase)
        for k, v in case["values"].items():
            assert values.get(k) == v, k
