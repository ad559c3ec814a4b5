"""The native side: panics, threads and the GIL, the contract cache, non-UTF-8 values, stubs,
and `python -m env_contract`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import REPO, require_tool

from env_contract import _native, assert_env, validate_env

TEST_BUILD = os.environ.get("ENV_CONTRACT_TEST_BUILD") == "1"


def test_panic_is_an_ordinary_exception_and_its_payload_is_shown_nowhere() -> None:
    # scripts/test-python.sh builds with the cargo feature test-panic; a shipped wheel lacks
    # the export, and that is what is checked when the suite runs over one (make test-dist).
    assert hasattr(_native, "_test_panic") is TEST_BUILD
    if not TEST_BUILD:
        return
    secret = "sk_live_" + os.urandom(12).hex()
    code = f"""
import sys
from env_contract import InternalError, validate_env, _native
try:
    _native._test_panic({secret!r})
except Exception as e:  # the point: `except Exception` catches it
    assert isinstance(e, InternalError) and isinstance(e, RuntimeError), type(e)
    assert type(e).__name__ != "PanicException"
    print("CAUGHT", e.args[0])
else:
    sys.exit("no exception")
assert validate_env({{"type": "object"}}, env={{}}).ok  # and the module still works
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "CAUGHT env-contract: internal error (ENV_CONTRACT_INTERNAL)" in out.stdout
    assert "ENV_CONTRACT_INTERNAL" in out.stderr  # the hook's line, with the location
    for stream in (out.stdout, out.stderr):
        for i in range(len(secret) - 7):
            assert secret[i : i + 8] not in stream


def test_many_threads_get_their_own_results() -> None:
    contract = {
        "type": "object",
        "properties": {"N": {"type": "integer", "minimum": 0}, "S": {"type": "string", "minLength": 4}},
        "required": ["N", "S"],
    }
    errors: list[str] = []

    def work(i: int) -> None:
        for j in range(50):
            n = i * 1000 + j
            if (i + j) % 3 == 0:
                report = validate_env(contract, env={"N": str(-n - 1), "S": "ab"})
                if {(p.var, p.code) for p in report.problems} != {("N", "range"), ("S", "too-short")}:
                    errors.append(f"{i}/{j}: {report.problems}")
            else:
                values = assert_env(contract, env={"N": str(n), "S": f"s{n:04d}"})
                if values["N"] != n or values["S"] != f"s{n:04d}":
                    errors.append(f"{i}/{j}: {dict(values)}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_cache_is_keyed_by_path_and_content(tmp_path: Path) -> None:
    _native.clear_cache()
    path = tmp_path / "env.contract.json"
    path.write_text(json.dumps({"type": "object", "properties": {"A": {"type": "integer"}}}))
    assert validate_env(path, env={"A": "x"}).problems[0].code == "type"
    assert _native.cache_size() == 1
    validate_env(path, env={"A": "1"})
    validate_env(str(path), env={"A": "1"})
    assert _native.cache_size() == 1  # same path, same content: compiled once
    path.write_text(json.dumps({"type": "object", "properties": {"A": {"type": "string"}}}))
    assert validate_env(path, env={"A": "x"}).ok  # the edit is seen
    assert _native.cache_size() == 1  # core's cache: one entry per path, the newest text
    mapping = {"type": "object", "properties": {"B": {"type": "boolean"}}}
    validate_env(mapping, env={})
    validate_env(dict(mapping), env={})
    assert _native.cache_size() == 2
    _native.clear_cache()
    assert _native.cache_size() == 0


def test_a_report_is_made_only_where_it_is_read() -> None:
    """`report=False` (assert_env, the lifespan: a report only to raise) leaves a passing
    check's report out, and still sends a failing one's in full."""
    contract = {"type": "object", "properties": {"PORT": {"type": "integer"}}, "required": ["PORT"]}
    passing = _native.check(None, contract, env={"PORT": "8080"}, report=False)
    assert passing[0] is True and passing[1] is None
    assert passing[3] == {"PORT": 8080}  # the values are sent all the same
    failing = _native.check(None, contract, env={"PORT": "x"}, report=False)
    assert failing[0] is False and failing[1] is not None and "PORT" in (failing[2] or "")
    _, checked, problems, text = failing[1]
    assert checked == 1 and [p["code"] for p in problems] == ["type"] and "PORT" in text.render()
    full = _native.check(None, contract, env={"PORT": "8080"})
    assert full[1] is not None and full[1][:3] == ("development", 1, [])


def test_non_utf8_values_never_crash() -> None:
    contract = {
        "type": "object",
        "properties": {"NAME": {"type": "string", "pattern": "^[a-z]+$"}, "PORT": {"type": "integer"}},
    }
    bad = b"caf\xe9".decode("utf-8", "surrogateescape")  # what os.environ makes of Latin-1 bytes
    report = validate_env(contract, env={"NAME": bad, "PORT": "80" + bad, bad: "x"})
    assert {(p.var, p.code) for p in report.errors} == {("NAME", "pattern"), ("PORT", "type")}
    values = assert_env({"type": "object", "properties": {"NAME": {"type": "string"}}}, env={"NAME": bad})
    assert values["NAME"] == "caf\ufffd"  # lossy, as core reads the process environment


def test_non_utf8_process_environment(tmp_path: Path) -> None:
    """A real process with a non-UTF-8 variable, read natively and through os.environ."""
    code = (
        "import os, env_contract\n"
        "c = {'type': 'object', 'properties': {'NAME': {'type': 'string', 'pattern': '^[a-z]+$'}}}\n"
        "print(sorted(p.code for p in env_contract.validate_env(c).problems))\n"
        "print(sorted(p.code for p in env_contract.validate_env(c, env=os.environ).problems))\n"
    )
    env = {k: v for k, v in os.environb.items() if k in (b"PATH", b"HOME", b"PYTHONPATH")}
    env[b"NAME"] = b"caf\xe9"
    env[b"OTHER\xff"] = b"\xff"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["['pattern']", "['pattern']"]


def test_a_missing_tool_fails_instead_of_skipping() -> None:
    with pytest.raises(pytest.fail.Exception, match="requirements-test.txt"):
        require_tool("env_contract_no_such_tool")


def test_stubs_match_the_extension(tmp_path: Path) -> None:
    require_tool("mypy.stubtest")
    args = [sys.executable, "-m", "mypy.stubtest", "env_contract._native"]
    if not TEST_BUILD:
        # A shipped wheel lacks the test build's `_test_panic` (and so its `__all__` differs).
        allow = tmp_path / "allowlist.txt"
        allow.write_text("env_contract._native._test_panic\nenv_contract._native.__all__\n")
        args += ["--allowlist", str(allow)]
    out = subprocess.run(args, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_package_ships_types() -> None:
    import env_contract

    pkg = Path(env_contract.__file__).parent
    assert (pkg / "py.typed").is_file() and (pkg / "_native.pyi").is_file()


def test_python_m_env_contract_runs_the_cli(tmp_path: Path) -> None:
    contract = REPO / "schema" / "examples" / "ainative.contract.json"
    env_json = tmp_path / "env.json"
    env_json.write_text(json.dumps({"NEXTAUTH_URL": "http://localhost:3000"}))
    run = [
        sys.executable,
        "-m",
        "env_contract",
        "check",
        "--contract",
        str(contract),
        "--env-json",
        str(env_json),
        "--no-process-env",
    ]
    out = subprocess.run(run, capture_output=True, text=True)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "NEXTAUTH_SECRET" in out.stdout + out.stderr
    out = subprocess.run([*run[:3], "check", "--contract", str(tmp_path / "none.json")], capture_output=True, text=True)
    assert out.returncode == 3


def test_package_passes_mypy_strict() -> None:
    require_tool("mypy")
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "env_contract"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
