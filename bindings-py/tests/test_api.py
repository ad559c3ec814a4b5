"""The public API: typed values, arguments, exceptions, logging, ENV_CONTRACT_SKIP."""

from __future__ import annotations

import logging
import os
import typing
from collections.abc import Mapping
from pathlib import Path

import pytest
from conftest import leaks, random_alnum

import env_contract
from env_contract import (
    ContractError,
    EnvContractError,
    EnvFileError,
    Problem,
    ProblemCode,
    Report,
    _native,
    assert_env,
    render_docs,
    validate_env,
)

CONTRACT = {
    "type": "object",
    "properties": {
        "PORT": {"$ref": "env-contract:port", "default": 8000},
        "DEBUG": {"type": "boolean", "default": False},
        "WORKERS": {"type": "integer", "minimum": 1},
        "RATIO": {"type": "number"},
        "ORIGINS": {"type": "array", "items": {"type": "string"}},
        "LIMITS": {"type": "array", "items": {"type": "integer"}, "x-separator": ";"},
        "NAME": {"type": "string", "minLength": 3},
    },
    "required": ["NAME"],
}


def test_codes_literal_matches_core() -> None:
    assert typing.get_args(ProblemCode) == _native.CODES


def test_typed_values_read_only() -> None:
    env = {"NAME": "api", "DEBUG": " yes ", "WORKERS": "4", "RATIO": "0.5", "ORIGINS": "a, b", "LIMITS": "1;2"}
    values = assert_env(CONTRACT, env=env)
    assert isinstance(values, Mapping) and not isinstance(values, dict)
    assert dict(values) == {
        "NAME": "api",
        "DEBUG": True,
        "WORKERS": 4,
        "RATIO": 0.5,
        "ORIGINS": ["a", "b"],
        "LIMITS": [1, 2],
        "PORT": 8000,
    }
    assert type(values["WORKERS"]) is int and type(values["DEBUG"]) is bool
    with pytest.raises(TypeError):
        values["NAME"] = "x"  # type: ignore[index]
    with pytest.raises(AttributeError):
        values._values = {}  # type: ignore[attr-defined]
    assert "NAME" in values and "NOPE" not in values and values.get("NOPE", 1) == 1 and len(values) == 7


def test_error_lists_every_problem_one_per_line() -> None:
    with pytest.raises(EnvContractError) as info:
        assert_env(CONTRACT, env={"WORKERS": "zero", "PORT": "70000"})
    e = info.value
    assert isinstance(e, ValueError)
    assert e.code == "ENV_CONTRACT_INVALID"
    assert isinstance(e.report, Report) and e.problems == e.report.problems
    assert {(p.var, p.code) for p in e.problems} == {("NAME", "missing"), ("WORKERS", "type"), ("PORT", "range")}
    assert all(isinstance(p, Problem) for p in e.problems)
    # Core words the message (render::failure_summary), as for Node's EnvContractError.
    lines = str(e).splitlines()
    assert lines[0].startswith("env-contract: the environment does not meet the contract given as an object")
    assert len(lines) == 1 + len(e.problems)
    for p in e.problems:
        assert f"  - {p}" in lines[1:]
        assert str(p).startswith(f"[FAIL] {p.var} {p.code}: ")


def test_validate_env_never_raises_for_env_problems() -> None:
    report = validate_env(CONTRACT, env={})
    assert not report.ok and report.environment == "development" and report.checked == len(CONTRACT["properties"])
    assert [p.code for p in report.errors] == ["missing"]
    assert report.to_dict()["problems"][0]["var"] == "NAME"


def test_problem_is_frozen() -> None:
    p = validate_env(CONTRACT, env={}).problems[0]
    with pytest.raises(AttributeError):
        p.code = "type"  # type: ignore[misc]


def test_non_string_value_is_a_type_error_naming_the_key() -> None:
    with pytest.raises(TypeError, match="WORKERS"):
        assert_env(CONTRACT, env={"NAME": "api", "WORKERS": 4})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="name"):
        validate_env(CONTRACT, env={1: "x"})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        validate_env(CONTRACT, env=[("NAME", "api")])  # type: ignore[arg-type]


def test_contract_as_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    (tmp_path / "config").mkdir()
    path = tmp_path / "config" / "env.contract.json"
    path.write_text(json.dumps(CONTRACT))
    assert assert_env(path, env={"NAME": "api"})["PORT"] == 8000  # os.PathLike
    monkeypatch.chdir(tmp_path)
    assert assert_env("config/env.contract.json", env={"NAME": "api"})["NAME"] == "api"  # relative to cwd
    (tmp_path / "env.contract.json").write_text(json.dumps(CONTRACT))
    assert validate_env(env={"NAME": "api"}).ok  # the default: ./env.contract.json


def test_contract_errors(tmp_path: Path) -> None:
    path = tmp_path / "env.contract.json"
    path.write_text('{\n  "type": "object",\n  "properties": {,}\n}\n')
    with pytest.raises(ContractError) as info:
        validate_env(path, env={})
    e = info.value
    assert isinstance(e, ValueError) and e.code == "ENV_CONTRACT_BAD_CONTRACT"
    assert e.kind == "json" and (e.location.line, e.location.column) == (3, 18)
    assert e.location.file == str(path) and str(path) in str(e)
    with pytest.raises(ContractError) as info:
        validate_env(tmp_path / "nope.json", env={})
    assert info.value.kind == "io"
    with pytest.raises(ContractError) as info:
        validate_env({"type": "object", "properties": {"A": {"type": "string"}}, "required": ["B"]}, env={})
    assert info.value.location.pointer == "/required/0"
    with pytest.raises(TypeError):
        validate_env(42, env={})  # type: ignore[arg-type]


def test_a_contract_mapping_is_the_json_that_json_dumps_makes_of_it(tmp_path: Path) -> None:
    """The native side walks a contract Mapping itself: every Mapping, the containers and keys
    json.dumps accepts, the same contract as the JSON text of it read from a file."""
    import json
    from types import MappingProxyType

    given = MappingProxyType(
        {
            "type": "object",
            "properties": MappingProxyType(
                {
                    "MODE": {"enum": ("a", "b"), "default": "a"},
                    "LEVEL": {"type": "integer", "minimum": 1, "maximum": 1.5e1, "examples": [True, None]},
                    "TAGS": {"type": "array", "items": {"enum": frozenset({"x"})}},
                }
            ),
            "required": ["LEVEL"],
            "x-meta": {7: "seven", 2.5: None, False: "no", None: "none"},
        }
    )
    path = tmp_path / "env.contract.json"
    path.write_text(json.dumps(given, default=lambda o: dict(o) if isinstance(o, Mapping) else list(o)))
    for env in ({"LEVEL": "3", "TAGS": "x"}, {"LEVEL": "30", "MODE": "c", "TAGS": "y"}, {}):
        assert validate_env(given, env=env).to_dict() == validate_env(path, env=env).to_dict(), env
    assert render_docs(given) == render_docs(path)
    assert render_docs(given, format="env-example") == render_docs(path, format="env-example")


def test_a_contract_dict_changed_between_calls_is_read_again() -> None:
    """The native side knows the last contract dict again by identity (bindings-py/src/
    mapping.rs): every change to it, in place at any depth or not, is seen by the next call."""
    a: dict[str, object] = {"enum": ["a", "b"]}
    props: dict[str, object] = {"A": a}
    contract: dict[str, object] = {"type": "object", "properties": props}

    def errors(env: dict[str, str]) -> list[str]:
        return [p.code for p in validate_env(contract, env=env).errors]

    assert errors({"A": "b"}) == [] and errors({"A": "b"}) == []  # the second call: known again
    enum = a["enum"]
    assert isinstance(enum, list)
    enum.pop()  # a list shortened in place
    assert errors({"A": "b"}) == ["enum"]
    enum[0] = "b"  # an item replaced, the list's length the same
    assert errors({"A": "b"}) == [] and errors({"A": "a"}) == ["enum"]
    a["enum"] = ["a"]  # a value replaced in a nested dict
    assert errors({"A": "a"}) == []
    a["minLength"] = 2  # a key added to a nested dict
    assert errors({"A": "a"}) == ["too-short"]
    del a["minLength"]
    props["B"] = {"type": "string"}
    contract["required"] = ["B"]  # keys added at the top
    assert errors({"A": "a"}) == ["missing"]
    contract["required"] = ["A"]  # the same length, another list
    assert errors({"A": "a"}) == [] and errors({}) == ["missing"]
    other = {"type": "object", "properties": {"A": {"enum": ["z"]}}}
    assert [p.code for p in validate_env(other, env={"A": "a"}).errors] == ["enum"]
    assert errors({"A": "a"}) == []  # the first dict again, after another


def test_an_env_dict_changed_between_calls_is_read_again() -> None:
    """The native side knows the last env dict's items again by identity (bindings-py/src/
    convert.rs): a value replaced, a name added or removed, another order, a str subclass or
    another dict holding the same strings all give what a first call with that env gives."""

    class Text(str):
        pass

    def values(env: dict[str, str]) -> dict[str, object]:
        return dict(assert_env(CONTRACT, env=env))

    env = {"NAME": "first", "WORKERS": "2"}
    assert values(env) == values(env) == {"NAME": "first", "WORKERS": 2, "PORT": 8000, "DEBUG": False}
    env["WORKERS"] = "3"  # a value replaced in place, the dict's length the same
    assert values(env)["WORKERS"] == 3
    env["DEBUG"] = "on"  # a name added
    assert values(env)["DEBUG"] is True
    del env["DEBUG"]
    assert values(env)["DEBUG"] is False
    env["NAME"] = "".join(["fi", "rst"])  # an equal text, another object
    assert values(env)["NAME"] == "first"
    assert values(dict(reversed(env.items())))["WORKERS"] == 3  # the same objects, another order
    assert values(dict(env))["WORKERS"] == 3  # another dict, the same objects
    env["NAME"] = Text("ab")  # a subclass: converted, not kept by identity
    assert [p.var for p in validate_env(CONTRACT, env=env).errors] == ["NAME"]
    assert [p.var for p in validate_env(CONTRACT, env=env).errors] == ["NAME"]
    env["NAME"] = "long enough"
    assert values(env)["NAME"] == "long enough"
    assert [p.var for p in validate_env(CONTRACT, env={}).errors] == ["NAME"]


def test_the_same_values_are_the_same_mapping_while_they_do_not_change() -> None:
    """assert_env returns the read-only mapping it returned last while a check's values are
    those again (core names them by id, core/src/sent.rs); any change gives a new one, and
    values holding a list (which its holder can change) are made anew on every call."""
    contract = {
        "type": "object",
        "properties": {"NAME": {"type": "string"}, "TOKEN": {"type": "string", "x-secret": True}},
        "required": ["NAME"],
    }
    token = random_alnum(40)
    env = {"NAME": "api", "TOKEN": token}
    first = assert_env(contract, env=env)
    assert assert_env(contract, env=env) is first
    assert assert_env(contract, env=dict(env)) is first  # an equal env, another dict
    assert validate_env(contract, env={"NAME": "other"}).ok  # a report-only call between
    assert assert_env(contract, env=env) is first
    env["NAME"] = "changed"
    changed = assert_env(contract, env=env)
    assert changed is not first and changed["NAME"] == "changed" and first["NAME"] == "api"
    del env["TOKEN"]
    unset = assert_env(contract, env=env)
    assert unset is not changed and "TOKEN" not in unset
    # The same values with the token now masked by another contract's x-secret: a new mapping.
    env["TOKEN"] = token
    plain = {**contract, "properties": {**contract["properties"], "TOKEN": {"type": "string"}}}
    shown = assert_env(plain, env=env)
    masked = assert_env(contract, env=env)
    assert shown is not masked and "TOKEN" in masked.secret_names and "TOKEN" not in shown.secret_names
    assert not leaks(repr(masked), token) and masked["TOKEN"] == token
    # Back to the first values: equal to the first mapping, made again (their id is not reused).
    env["NAME"] = "api"
    again = assert_env(contract, env=env)
    assert dict(again) == dict(first) and assert_env(contract, env=env) is again
    # A list among the values: a new mapping, and a new list, every call.
    listed = {"type": "object", "properties": {"ORIGINS": {"type": "array", "items": {"type": "string"}}}}
    a = assert_env(listed, env={"ORIGINS": "a,b"})
    a["ORIGINS"].append("c")
    b = assert_env(listed, env={"ORIGINS": "a,b"})
    assert b is not a and b["ORIGINS"] == ["a", "b"]


def test_a_contract_mapping_that_is_not_json_says_what_and_where() -> None:
    with pytest.raises(TypeError, match=r"holds a bytes at /properties/A/default, which is not JSON"):
        validate_env({"type": "object", "properties": {"A": {"default": b"x"}}}, env={})
    with pytest.raises(TypeError, match=r"holds a complex at /enum/1"):
        validate_env({"enum": [1, 2j]}, env={})
    with pytest.raises(TypeError, match=r"key of type tuple at /properties"):
        validate_env({"properties": {("A", "B"): {}}}, env={})
    with pytest.raises(ValueError, match=r"float at /maximum that is not finite"):
        validate_env({"maximum": float("nan")}, env={})
    with pytest.raises(ValueError, match=r"integer at /maximum beyond 64 bits"):
        validate_env({"maximum": 2**70}, env={})
    cycle: dict[str, object] = {"type": "object"}
    cycle["properties"] = {"A": cycle}
    with pytest.raises(ValueError, match=r"nests deeper than 256 levels"):
        validate_env(cycle, env={})


def test_process_environment_is_read_natively(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAME", "from-os-environ")
    monkeypatch.setenv("WORKERS", "3")
    values = assert_env(CONTRACT)
    assert values["NAME"] == "from-os-environ" and values["WORKERS"] == 3
    monkeypatch.delenv("NAME")
    assert [p.var for p in validate_env(CONTRACT).errors] == ["NAME"]


def test_env_files_are_a_base_layer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = tmp_path / ".env"
    a.write_text("NAME=from-file\nWORKERS=2\n# comment\nexport DEBUG=on\n")
    b = tmp_path / ".env.local"
    b.write_text("WORKERS=5\n")
    values = assert_env(CONTRACT, env={"DEBUG": "off"}, env_files=[a, b, tmp_path / "missing.env"])
    assert (values["NAME"], values["WORKERS"], values["DEBUG"]) == ("from-file", 5, False)
    monkeypatch.setenv("NAME", "real")
    assert assert_env(CONTRACT, env_files=str(a))["NAME"] == "real"  # the real environment wins
    bad = tmp_path / "bad.env"
    bad.write_text("NAME='unterminated\n")
    with pytest.raises(EnvFileError) as info:
        assert_env(CONTRACT, env={}, env_files=[bad])
    assert info.value.path == str(bad) and "unterminated" not in str(info.value)


def test_phase_and_environment_pass_through() -> None:
    contract = {
        "type": "object",
        "properties": {"SECRET": {"type": "string"}, "NEXT_PUBLIC_URL": {"type": "string"}},
        "required": ["SECRET", "NEXT_PUBLIC_URL"],
        "x-environments": {"staging": {"x-warn": ["SECRET"]}},
    }
    build = validate_env(contract, env={}, phase="build")
    assert {(p.var, p.severity) for p in build.problems} == {("SECRET", "warning"), ("NEXT_PUBLIC_URL", "error")}
    staging = validate_env(contract, env={"NEXT_PUBLIC_URL": "x"}, environment="staging")
    assert staging.ok and staging.environment == "staging" and len(staging.warnings) == 1
    with pytest.raises(ValueError, match="phase"):
        validate_env(contract, env={}, phase="deploy")  # type: ignore[arg-type]


def test_warnings_go_to_the_logger_not_warnings(
    caplog: pytest.LogCaptureFixture, recwarn: pytest.WarningsRecorder
) -> None:
    contract = {
        "type": "object",
        "properties": {"NEW": {"type": "string"}, "OLD": {"type": "string", "x-deprecated-by": "NEW"}},
    }
    with caplog.at_level(logging.WARNING, logger="env_contract"):
        assert_env(contract, env={"OLD": "x"})
    # The head line (degraded: a warning), then the warning, both at WARNING.
    assert [(r.name, r.levelno) for r in caplog.records] == [("env_contract", logging.WARNING)] * 2
    assert caplog.records[0].getMessage().startswith("env-contract: degraded: ")
    assert caplog.records[1].getMessage().startswith("env-contract: [WARN] OLD deprecated: ")
    assert len(recwarn) == 0


def test_skip_logs_loudly_and_returns(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("ENV_CONTRACT_SKIP", "1")
    with caplog.at_level(logging.WARNING, logger="env_contract"):
        values = assert_env(CONTRACT, env={"WORKERS": "7"})
    assert values["WORKERS"] == 7
    assert "ENV_CONTRACT_SKIP" in caplog.text and "NAME" in caplog.text
    monkeypatch.setenv("ENV_CONTRACT_SKIP", "0")
    with pytest.raises(EnvContractError):
        assert_env(CONTRACT, env={})


def test_render_docs_returns_text() -> None:
    assert "WORKERS" in render_docs(CONTRACT)
    assert "WORKERS=" in render_docs(CONTRACT, format="env-example")
    assert "WORKERS" in render_docs(CONTRACT, format="dts")
    with pytest.raises(ValueError, match="format"):
        render_docs(CONTRACT, format="pdf")  # type: ignore[arg-type]


def test_public_names() -> None:
    for name in ("assert_env", "validate_env", "EnvContractError", "ContractError", "render_docs", "Problem", "Report"):
        assert name in env_contract.__all__
    assert not hasattr(env_contract, "fastapi") or "fastapi" not in env_contract.__all__


def test_fastapi_is_not_imported_by_the_package() -> None:
    import subprocess
    import sys

    code = (
        "import sys, env_contract; env_contract.assert_env({'type': 'object'}, env={}); print('fastapi' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ})
    assert out.stdout.strip() == "False"
