"""Problem, Report and ContractLocation behave as frozen values (without dataclasses); the
Literals are core's enums."""

from __future__ import annotations

import subprocess
import sys
import typing

import pytest

import env_contract
from env_contract import ContractLocation, Problem, Report, _native


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


def test_a_passing_check_imports_no_typing_re_or_logging(tmp_path) -> None:
    """Import, then a passing assert_env and validate_env of a contract file and of a dict: none of these
    modules is loaded that the bare interpreter did not load already (each costs ms at boot;
    `collections` alone about 2 ms here, which `collections.abc` imports; `__future__`, which
    `from __future__ import annotations` imports, 0.19 ms)."""
    contract = tmp_path / "env.contract.json"
    contract.write_text('{"type": "object", "required": ["A"], "properties": {"A": {"type": "string"}}}')
    watched = (
        "('typing', 're', 'logging', 'json', 'dataclasses', 'collections', 'collections.abc', 'types', '__future__')"
    )
    checks = (
        f"import sys; before = {{m for m in {watched} if m in sys.modules}}; import env_contract; "
        f"env_contract.assert_env({str(contract)!r}, env={{'A': 'x'}}); "
        f"env_contract.validate_env({str(contract)!r}, env={{'A': 'x'}}); "
        # A contract given as a dict, too: the extension writes its JSON, not `json.dumps`.
        f"env_contract.assert_env({{'type': 'object', 'required': ['A'], 'properties': {{'A': {{}}}}}}, env={{'A': 'x'}}); "
    )
    code = checks + f"print(sorted(m for m in {watched} if m in sys.modules and m not in before))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
    # Of the package itself, the module and the extension: each more module is a lookup, a
    # read and a load at every boot (docs/python.md).
    code = checks + "print(sorted(m for m in sys.modules if m.startswith('env_contract')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['env_contract', 'env_contract._native']", out
    # The Literals still load on first use.
    code = "import env_contract, typing; print(typing.get_args(env_contract.Phase))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "('build', 'runtime')", out


def _literal(name: str, values: tuple[str, ...]) -> str:
    """The definition to paste into env_contract/_literals.py for these names."""
    members = ", ".join(f'"{v}"' for v in values)
    one = f"{name} = Literal[{members}]"
    if len(one) <= 100:
        return one
    return f"{name} = Literal[\n" + "".join(f'    "{v}",\n' for v in values) + "]"


def test_the_core_names_the_enums_that_cross_into_python() -> None:
    assert list(_native.ENUMS) == ["ProblemCode", "Severity", "Phase", "DocsFormat", "ContractErrorKind", "LogFormat"]
    assert all(len(v) >= 2 for v in _native.ENUMS.values())


@pytest.mark.parametrize("name", list(_native.ENUMS))
def test_literal_is_the_core_list(name: str) -> None:
    """Each enum of core that crosses into Python (core/src/enums.rs) is a Literal of the same
    names, in the same order, exported by env_contract; on drift, the message is the text to paste."""
    values = _native.ENUMS[name]
    literal = getattr(env_contract, name, None)
    got = typing.get_args(literal) if literal is not None else None
    assert got == values, f"env_contract._literals.{name} differs from core's list; paste:\n{_literal(name, values)}"
    assert name in env_contract.__all__


def test_the_drift_message_is_the_text_to_paste() -> None:
    assert _literal("Phase", ("build", "runtime")) == 'Phase = Literal["build", "runtime"]'
    namespace: dict[str, object] = {"Literal": typing.Literal}
    exec(_literal("K", _native.ENUMS["ContractErrorKind"]), namespace)
    assert typing.get_args(namespace["K"]) == _native.ENUMS["ContractErrorKind"]


def test_every_phase_and_docs_format_of_core_is_accepted() -> None:
    """The extension maps these names to core's enums by hand: each of core's must be accepted."""
    contract = {"type": "object", "properties": {}}
    for phase in _native.ENUMS["Phase"]:
        assert env_contract.validate_env(contract, env={}, phase=phase).ok, phase  # type: ignore[arg-type]
    for fmt in _native.ENUMS["DocsFormat"]:
        assert isinstance(env_contract.render_docs(contract, format=fmt), str), fmt  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="phase"):
        env_contract.validate_env(contract, env={}, phase="deploy")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="format"):
        env_contract.render_docs(contract, format="html")  # type: ignore[arg-type]


def test_value_classes_and_errors_pickle_and_copy() -> None:
    # multiprocessing and pytest-xdist pickle what a worker raises or returns.
    import copy
    import pickle

    from env_contract import ContractError, EnvContractError, assert_env, validate_env

    contract = {"type": "object", "required": ["PORT"], "properties": {"PORT": {"$ref": "env-contract:port"}}}
    report = validate_env(contract, env={"PORT": "x"})
    problem = report.problems[0]
    for value in (report, problem):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value and copy.copy(value) == value
    assert pickle.loads(pickle.dumps(report)).summary == report.summary
    assert pickle.loads(pickle.dumps(report)).text == report.text != ""

    with pytest.raises(EnvContractError) as failed:
        assert_env(contract, env={})
    again = pickle.loads(pickle.dumps(failed.value))
    assert str(again) == str(failed.value) and again.report == failed.value.report
    assert copy.deepcopy(failed.value).problems == failed.value.problems

    with pytest.raises(ContractError) as broken:
        validate_env({"type": "object", "required": ["NOPE"]}, env={})
    back = pickle.loads(pickle.dumps(broken.value))
    assert (back.kind, back.location, str(back)) == (broken.value.kind, broken.value.location, str(broken.value))
    assert pickle.loads(pickle.dumps(broken.value.location)) == broken.value.location
    assert copy.deepcopy(broken.value).location.pointer == "/required/0"


def test_a_reports_text_is_cores_rendered_once_when_first_read() -> None:
    from env_contract import Report, validate_env

    contract = {
        "type": "object",
        "required": ["PORT", "HOST"],
        "properties": {"PORT": {"$ref": "env-contract:port"}, "HOST": {"type": "string"}},
    }
    report = validate_env(contract, env={"PORT": "x", "HOST": "db.internal"})
    text = report.text
    assert text.startswith('env-contract: 2 variables, environment "development"\n'), text
    assert "[PASS] HOST\n" in text and "[FAIL] PORT type:" in text and "Summary:" in text
    assert report.text is text, "rendered once, then kept"
    # A report built by hand keeps the text it is given.
    assert Report(ok=True, environment="e", checked=0, problems=(), text="given").text == "given"
