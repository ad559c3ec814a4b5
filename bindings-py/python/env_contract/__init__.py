"""env-contract: check the environment against `env.contract.json` before the app boots.

Usage:

    from env_contract import assert_env
    env = assert_env()        # ./env.contract.json against os.environ; raises EnvContractError

What a boot needs is this one module (with the native extension, `_native`): the errors, the
report types, the values `assert_env` returns and the functions. One module, not one per
concern, because each module of a package costs a fresh interpreter its own lookup, read and
load (about 0.15 ms each here; seven of them were a third of the import, docs/benchmarks.md).
What a boot does not need loads on first use: the `Literal`s of core's enums (`_literals`,
which imports `typing`), `logging`, and the FastAPI glue (`env_contract.fastapi`).

The annotations are written as strings, what `from __future__ import annotations` would make
them: that statement also imports the `__future__` module, the one stdlib file a boot would
read (0.19 ms, a fifth of the import). As strings they are never evaluated at run time, and
`typing.get_type_hints` reads them as before.
"""

import os
import sys

from . import _native
from ._native import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at boot
if TYPE_CHECKING:
    import logging
    from collections.abc import Iterable, Iterator, Sequence
    from collections.abc import Mapping as Mapping
    from types import MappingProxyType as MappingProxyType
    from typing import Any, TypeVar, Union, overload

    from ._literals import ContractErrorKind as ContractErrorKind
    from ._literals import DocsFormat as DocsFormat
    from ._literals import LogFormat as LogFormat
    from ._literals import Phase as Phase
    from ._literals import ProblemCode as ProblemCode
    from ._literals import Severity as Severity

    ContractSource = Union[str, "os.PathLike[str]", Mapping[str, Any]]
    EnvFiles = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]
    # The type `assert_env(typed=Env)` returns: a `TypedDict` from `env-contract docs --format python`.
    EnvT = TypeVar("EnvT", bound=Mapping[str, object])
    _Base = Mapping[str, Any]
else:
    # `collections.abc` is `_collections_abc` re-exported, but importing it first imports the
    # `collections` package (about 2 ms of a cold start), while `_collections_abc` is loaded
    # by `os` when the interpreter starts; `types` defines `MappingProxyType` as
    # `type(type.__dict__)`. The very same class objects: `isinstance` and subclassing behave
    # as with the public names, which type checkers read.
    try:
        from _collections_abc import Mapping
    except ImportError:  # an interpreter without CPython's module layout
        from collections.abc import Mapping
    MappingProxyType = type(type.__dict__)
    _Base = Mapping  # the same class; subscripting it at run time would need typing's Any

# The Literals of core's enums (ProblemCode, Severity, …) are in `_literals.py`, and the type
# aliases above (ContractSource, EnvFiles, EnvT) are built with `typing`: both are made the
# first time one is read at run time (building either imports `typing`, which a boot does not
# need). `logging` is imported when a record is first logged, and a contract given as a Mapping
# is written out by the extension: a passing check pays for none of them at boot.
_LITERALS = ("ProblemCode", "Severity", "Phase", "DocsFormat", "ContractErrorKind", "LogFormat")
_ALIASES = ("ContractSource", "EnvFiles", "EnvT")


if not TYPE_CHECKING:  # type checkers read the names above; unknown ones stay errors for them

    def __getattr__(name: "str") -> "object":
        if name in _LITERALS:
            from . import _literals

            return getattr(_literals, name)
        if name in _ALIASES:
            from collections.abc import Iterable
            from typing import Any, TypeVar, Union

            path = Union[str, "os.PathLike[str]"]
            globals().update(
                ContractSource=Union[path, Mapping[str, Any]],
                EnvFiles=Union[path, Iterable[path]],
                EnvT=TypeVar("EnvT", bound=Mapping[str, object]),
            )
            return globals()[name]
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---- value classes: small immutable classes, without `dataclasses` ----
# (`dataclasses` imports `inspect`, and with it `ast`, `dis` and `tokenize`: about a third of
# the import at every boot.) They need only what a frozen dataclass gives: keyword-friendly
# construction, a repr of their fields, equality, hashing, no mutation.


class Frozen:
    """Base of the package's value classes: subclasses set `__slots__`, `_fields` (the
    fields shown by repr and compared) and an `__init__` that calls `_set`."""

    __slots__ = ()
    _fields: "tuple[str, ...]" = ()

    def _set(self, **values: "Any") -> "None":
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: "str", value: "Any") -> "None":
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: "str") -> "None":
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def __reduce__(self) -> "tuple[type[Frozen], tuple[Any, ...]]":
        # Pickle and copy through `__init__` (whose parameters are the slots, in order): the
        # default protocol restores slots with `setattr`, which these classes refuse.
        slots: "tuple[str, ...]" = self.__slots__
        return (type(self), tuple(getattr(self, name) for name in slots))

    def _key(self) -> "tuple[Any, ...]":
        return tuple(getattr(self, f) for f in self._fields)

    def __repr__(self) -> "str":
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({inner})"

    def __eq__(self, other: "object") -> "bool":
        if not isinstance(other, Frozen) or type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> "int":
        return hash((type(self), self._key()))


# ---- the exceptions: defined here; the native code raises them too ----


class EnvContractError(ValueError):
    """The environment does not meet the contract.

    `.report` is the whole report, `.problems` its problems (errors and warnings). The message
    lists every problem, one per line, and never holds a value.
    """

    code = "ENV_CONTRACT_INVALID"

    def __init__(self, report: "Report") -> "None":
        self.report = report
        self.problems = report.problems
        super().__init__(report.summary)

    def __reduce__(self) -> "tuple[type[EnvContractError], tuple[Report]]":
        return (type(self), (self.report,))


class ContractLocation(Frozen):
    """Where in the contract the mistake is."""

    __slots__ = ("file", "line", "column", "pointer")
    _fields = __slots__

    file: "str | None"
    line: "int | None"
    column: "int | None"
    pointer: "str | None"

    def __init__(
        self,
        file: "str | None" = None,
        line: "int | None" = None,
        column: "int | None" = None,
        pointer: "str | None" = None,
    ) -> "None":
        self._set(file=file, line=line, column=column, pointer=pointer)


class ContractError(ValueError):
    """The contract itself is broken (bad JSON, a keyword of the wrong shape, ...).

    `str(e)` says what and where; `.kind` is core's kind (`"json"`, `"shape"`, `"pattern"`, ...)
    and `.location` has `file`, `line`, `column` and `pointer`.
    """

    code = "ENV_CONTRACT_BAD_CONTRACT"

    def __init__(
        self,
        message: "str",
        *,
        kind: "ContractErrorKind" = "schema",
        file: "str | None" = None,
        line: "int | None" = None,
        column: "int | None" = None,
        pointer: "str | None" = None,
    ) -> "None":
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.location = ContractLocation(file, line, column, pointer)


class EnvFileError(ValueError):
    """A dotenv file of `env_files` could not be read or parsed (the message never quotes it).

    `lines` lists every line that cannot be parsed as `(line, column, message)`."""

    def __init__(
        self, message: "str", *, path: "str | None" = None, lines: "list[tuple[int, int, str]] | None" = None
    ) -> "None":
        super().__init__(message)
        self.path = path
        self.lines = list(lines or [])


class InternalError(RuntimeError):
    """A bug in env-contract's native code (a Rust panic), as an ordinary `Exception`."""


# ---- problems and reports as Python values (DESIGN §4) ----


class Problem(Frozen):
    """One thing wrong with the environment. `message` and `hint` never hold a value."""

    __slots__ = ("var", "code", "severity", "message", "hint")
    _fields = __slots__

    var: "str | None"
    code: "ProblemCode"
    severity: "Severity"
    message: "str"
    hint: "str | None"

    def __init__(
        self, var: "str | None", code: "ProblemCode", severity: "Severity", message: "str", hint: "str | None" = None
    ) -> "None":
        self._set(var=var, code=code, severity=severity, message=message, hint=hint)

    @property
    def is_error(self) -> "bool":
        return self.severity == "error"

    def __str__(self) -> "str":
        """The problem on one line, in core's words: `VAR: code: message (hint: ...)`."""
        from . import _native

        return _native.problem_line_of(self.var, self.code, self.severity, self.message, self.hint)


class Report(Frozen):
    """The result of a check: `ok` is False when any problem is an error."""

    __slots__ = ("ok", "environment", "checked", "problems", "_text", "summary")
    # `text` (core's human report: one line per variable, then a summary) and `summary` (core's
    # message of `EnvContractError`: the counts, then one line per problem) never hold a value
    # and are left out of repr and comparison. A check's report holds core's report in `_text`
    # and renders the text when it is first read (most checks never print it).
    _fields = ("ok", "environment", "checked", "problems")

    ok: "bool"
    environment: "str"
    checked: "int"
    problems: "tuple[Problem, ...]"
    _text: "str | _native.ReportText"
    summary: "str"

    def __init__(
        self,
        ok: "bool",
        environment: "str",
        checked: "int",
        problems: "tuple[Problem, ...]",
        text: "str" = "",
        summary: "str" = "",
    ) -> "None":
        self._set(ok=ok, environment=environment, checked=checked, problems=problems, _text=text, summary=summary)

    @property
    def text(self) -> "str":
        """Core's human report: one line per variable, then a summary."""
        text = self._text
        if not isinstance(text, str):
            text = text.render()
            object.__setattr__(self, "_text", text)
        return text

    def __reduce__(self) -> "tuple[type[Report], tuple[Any, ...]]":
        return (Report, (self.ok, self.environment, self.checked, self.problems, self.text, self.summary))

    @property
    def errors(self) -> "tuple[Problem, ...]":
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> "tuple[Problem, ...]":
        return tuple(p for p in self.problems if p.severity == "warning")

    def to_dict(self) -> "dict[str, Any]":
        """`{ok, environment, checked, problems}`, the report's JSON shape."""
        return {
            "ok": self.ok,
            "environment": self.environment,
            "checked": self.checked,
            "problems": [
                {"var": p.var, "code": p.code, "severity": p.severity, "message": p.message, "hint": p.hint}
                for p in self.problems
            ],
        }

    @classmethod
    def _from_native(
        cls,
        ok: "bool",
        environment: "str",
        checked: "int",
        problems: "list[dict[str, Any]]",
        text: "_native.ReportText | str",
        summary: "str",
    ) -> "Report":
        # Each slot set through its own descriptor (`_REPORT_SLOTS`): through `_set`'s keyword
        # dict this was 1.6 µs of a 20 µs warm `validate_env`, through `object.__setattr__`
        # 0.53 µs (it looks each name up in the class); this is 0.34.
        report = cls.__new__(cls)
        set_ok, set_environment, set_checked, set_problems, set_text, set_summary = _REPORT_SLOTS
        set_ok(report, ok)
        set_environment(report, environment)
        set_checked(report, checked)
        set_problems(report, tuple(Problem(**p) for p in problems) if problems else ())
        set_text(report, text)
        set_summary(report, summary)
        return report


# The setters of `Report`'s slots, in `_from_native`'s order.
_REPORT_SLOTS = tuple(
    Report.__dict__[name].__set__ for name in ("ok", "environment", "checked", "problems", "_text", "summary")
)


# ---- the values assert_env returns: a read-only mapping whose secrets print masked ----
# Which names are secret is core's decision (`Values::secret_names`: `x-secret`, and every value
# in which the check found a secret), and so is the text that stands in for them
# (`_native.MASK`). These classes only apply both to the ways Python prints an object.


class _Masked:
    """Stands in for a secret value in a repr: prints as core's mask, without quotes."""

    __slots__ = ()

    def __repr__(self) -> "str":
        return _native.MASK


_MASKED = _Masked()


class EnvValues(_Base):
    """The typed values of the declared variables: read-only; `env["API_SECRET"]` is the real
    value, while `repr`, `str`, f-strings, `logging` and `pprint` show every secret value as
    `[withheld]` (an object or a list whole) and every other value and every name as they are.

    Explicit conversions give the real values: `dict(env)`, `{**env}`, `env.items()` iterated,
    pickling and `copy` (a copy prints masked again). docs/python.md says why.
    """

    __slots__ = ("_secret", "_values")

    _values: "MappingProxyType[str, Any]"
    _secret: "frozenset[str]"

    def __init__(self, values: "Mapping[str, Any]", secret: "Iterable[str]" = ()) -> "None":
        object.__setattr__(self, "_values", MappingProxyType(values))
        object.__setattr__(self, "_secret", frozenset(secret))

    def __getitem__(self, key: "str") -> "Any":
        return self._values[key]

    def __iter__(self) -> "Iterator[str]":
        return iter(self._values)

    def __len__(self) -> "int":
        return len(self._values)

    def __contains__(self, key: "object") -> "bool":
        return key in self._values

    def get(self, key: "str", default: "Any" = None) -> "Any":
        return self._values.get(key, default)

    @property
    def secret_names(self) -> "frozenset[str]":
        """The names whose values print masked (core's decision)."""
        return self._secret

    def __repr__(self) -> "str":
        secret = self._secret
        shown = {k: _MASKED if k in secret else v for k, v in self._values.items()}
        return f"{type(self).__name__}({shown!r})"

    def __setattr__(self, name: "str", value: "Any") -> "None":
        raise AttributeError(f"{type(self).__name__} is read-only: cannot set {name!r}")

    def __delattr__(self, name: "str") -> "None":
        raise AttributeError(f"{type(self).__name__} is read-only: cannot delete {name!r}")

    def __reduce__(self) -> "tuple[type[EnvValues], tuple[dict[str, Any], tuple[str, ...]]]":
        # Pickle and copy with the real values (a worker process needs them) and the secret
        # names (the copy prints masked too).
        return (type(self), (dict(self._values), tuple(sorted(self._secret))))


# ---- assert_env, validate_env, render_docs: argument handling around the native check ----


_logger: "logging.Logger | None" = None


def logger() -> "logging.Logger":
    """The `env_contract` logger (looked up once: `getLogger` takes the module's lock)."""
    global _logger
    if _logger is None:
        import logging

        _logger = logging.getLogger("env_contract")
    return _logger


def _least_level(log_to: "logging.Logger | bool | None") -> "str | None":
    """The quietest of core's levels that `log_to` emits, asked before the check so that core
    makes no line the logger would drop (None: no lines at all). When nothing in this process
    has imported `logging`, nothing has configured it either: the root logger is at WARNING
    with no handler, so an INFO record would be dropped, and the import (several ms at boot) is
    skipped unless a warning or an error comes back."""
    if log_to is None or log_to is False:
        return None
    if log_to is True and "logging" not in sys.modules:
        return "warning"
    log = logger() if log_to is True else log_to
    for name, level in _LEVELS.items():
        if log.isEnabledFor(level):
            return name
    return None


DEFAULT_CONTRACT = "env.contract.json"


def _contract_args(contract: "ContractSource") -> "tuple[str | None, Mapping[str, Any] | None]":
    """(path, mapping) for the native side, which walks a mapping into JSON itself."""
    if type(contract) is str:  # the usual cases, before the slower `Mapping` check
        return contract, None
    if type(contract) is dict or isinstance(contract, Mapping):
        return None, contract
    if isinstance(contract, (str, os.PathLike)):
        return os.fsdecode(contract), None
    raise TypeError(f"contract must be a path (str or os.PathLike) or a Mapping, not {type(contract).__qualname__}")


def _env_arg(env: "Mapping[str, str] | None") -> "dict[str, str] | None":
    if env is None or type(env) is dict:
        return env
    if isinstance(env, Mapping):
        return dict(env)
    raise TypeError(f"env must be a Mapping of str to str, not {type(env).__qualname__}")


def _env_files_arg(env_files: "EnvFiles | None") -> "list[str]":
    """Dotenv files, in order, as paths (core reads them, and skips a missing one)."""
    if env_files is None:
        return []
    if isinstance(env_files, (str, os.PathLike)):
        env_files = [env_files]
    return [os.fsdecode(f) for f in env_files]


# The values `assert_env` returned last, with the id core named them by (core's `sent`): while a
# check's values are those again, core says so instead of sending them, and the same read-only
# `EnvValues` is returned (docs/python.md, "Decisions").
_kept_values: "tuple[int, EnvValues] | None" = None


def _check(
    contract: "ContractSource",
    environment: "str | None",
    env: "Mapping[str, str] | None",
    env_files: "EnvFiles | None",
    phase: "Phase",
    values: "bool" = True,
    env_expand: "bool" = False,
    log_to: "logging.Logger | bool | None" = None,
    log_format: "LogFormat | None" = None,
    report: "bool" = True,
) -> "tuple[Report | None, EnvValues | None, list[str]]":
    """(report, values, skip notice): core decides whether `ENV_CONTRACT_SKIP` applies (a
    call that asks for values) and words the notice; an empty notice means it does not. The
    values (None unless asked for) print core's secret names masked. With `report=False` (a
    caller that needs the report only to raise) a passing check's report is None.

    With `log_to` (a logger, or True: the `env_contract` logger), the startup lines (core's `log::startup_lines`: a head line, one line per
    problem, text or JSON) go to that logger, each at its level, before the caller raises."""
    global _kept_values
    path, mapping = _contract_args(contract)
    if not isinstance(env_expand, bool):
        raise TypeError(f"env_expand must be a bool, not {type(env_expand).__qualname__}")
    kept = _kept_values if values else None
    (
        ok,
        report_parts,
        summary,
        values_found,
        secret,
        skipped,
        skip_notice,
        log,
        env_warnings,
        env_skipped,
        values_id,
    ) = _native.check(  # by position, in the signature's order (keywords cost 0.4 µs a call)
        path,
        mapping,
        _env_arg(env),
        _env_files_arg(env_files),
        env_expand,
        environment,
        phase,
        values,
        _least_level(log_to),  # log
        log_format,
        None if kept is None else kept[0],  # values_kept
        report,
    )
    for missing in env_skipped:
        logger().debug("env file %s does not exist; skipped", missing)
    for warning in env_warnings:
        logger().warning("env-contract: %s", warning)
    if log_to is True:
        log_startup(log)
    elif log_to is not None and log_to is not False:
        log_lines(log_to, log)
    report_made = None if report_parts is None else Report._from_native(ok, *report_parts, summary or "")
    env_values: "EnvValues | None"
    if values_found is not None:
        env_values = EnvValues(values_found, secret or ())
        if values_id is not None:
            _kept_values = (values_id, env_values)
    else:
        # Asked for and not sent: core says they are the ones held (`values_kept`).
        env_values = None if kept is None else kept[1]
    return report_made, env_values, list(skip_notice) if skipped else []


def validate_env(
    contract: "ContractSource" = DEFAULT_CONTRACT,
    *,
    environment: "str | None" = None,
    env: "Mapping[str, str] | None" = None,
    env_files: "EnvFiles | None" = None,
    env_expand: "bool" = False,
    phase: "Phase" = "runtime",
) -> "Report":
    """Checks the environment and returns the report. Never raises for problems of the
    environment; raises `ContractError` for a broken contract."""
    report = _check(contract, environment, env, env_files, phase, values=False, env_expand=env_expand)[0]
    assert report is not None  # asked for: never None
    return report


if TYPE_CHECKING:

    @overload
    def assert_env(
        contract: "ContractSource" = ...,
        *,
        environment: "str | None" = ...,
        env: "Mapping[str, str] | None" = ...,
        env_files: "EnvFiles | None" = ...,
        env_expand: "bool" = ...,
        phase: "Phase" = ...,
        log_format: "LogFormat | None" = ...,
        typed: "type[EnvT]",
    ) -> "EnvT": ...
    @overload
    def assert_env(
        contract: "ContractSource" = ...,
        *,
        environment: "str | None" = ...,
        env: "Mapping[str, str] | None" = ...,
        env_files: "EnvFiles | None" = ...,
        env_expand: "bool" = ...,
        phase: "Phase" = ...,
        log_format: "LogFormat | None" = ...,
        typed: "None" = ...,
    ) -> "Mapping[str, Any]": ...


def assert_env(
    contract: "ContractSource" = DEFAULT_CONTRACT,
    *,
    environment: "str | None" = None,
    env: "Mapping[str, str] | None" = None,
    env_files: "EnvFiles | None" = None,
    env_expand: "bool" = False,
    phase: "Phase" = "runtime",
    log_format: "LogFormat | None" = None,
    typed: "type[Any] | None" = None,
) -> "Any":
    """Checks the environment and returns the typed values of the declared variables (a
    read-only mapping, `default`s filled in, whose `repr` shows secret values as
    `[withheld]`). Raises `EnvContractError` listing every problem
    when any is an error; warnings go to the `env_contract` logger.

    `typed` is for type checkers only: pass the `Env` of `env-contract docs --format python`
    and the result is typed as that `TypedDict` (`env["PORT"]` is an `int`); the value
    returned is the same read-only mapping either way.

    `contract` is a path (relative to the working directory) or the contract as a `Mapping`;
    `env` defaults to the process environment, read natively; `env_files` are dotenv files
    read under it (later files win, the real environment wins over all; a missing file is
    skipped). Their values are literal unless `env_expand=True` (`$VAR`, `${VAR}`,
    `${VAR:-default}` resolved inside the layered environment).

    The check is logged to the `env_contract` logger: one line saying what was checked
    (`INFO`; `WARNING` with warnings, `ERROR` with errors), then one line per problem, in the
    CLI's words (`env-contract: [FAIL] NAME missing: …`); `log_format="json"` (or
    `ENV_CONTRACT_LOG_FORMAT=json`) makes each line a JSON object (docs/python.md).
    """
    report, values, skip_notice = _check(
        contract,
        environment,
        env,
        env_files,
        phase,
        env_expand=env_expand,
        log_to=True,
        log_format=log_format,
        report=False,
    )
    if skip_notice:
        log_skip(skip_notice)
    elif report is not None and not report.ok:
        raise EnvContractError(report)
    return values  # asked for: never None


_LEVELS = {"info": 20, "warning": 30, "error": 40}  # logging.INFO, WARNING, ERROR


def log_startup(lines: "Sequence[tuple[str, str]]") -> "None":
    """Core's startup lines to the `env_contract` logger; `logging` is imported only when
    there is a line (`_least_level` asked core for none the logger would drop)."""
    if lines:
        log_lines(logger(), lines)


def log_lines(log: "logging.Logger", lines: "Sequence[tuple[str, str]]") -> "None":
    """Core's startup lines, one log record each, at core's level."""
    for level, text in lines:
        log.log(_LEVELS[level], "%s", text)


def log_skip(notice: "list[str]", log: "logging.Logger | None" = None) -> "None":
    """The loud warning of `ENV_CONTRACT_SKIP` (core's words: the contract, then each problem
    it lets through), one log record per line."""
    for line in notice:
        (log or logger()).warning("%s", line)


def render_docs(contract: "ContractSource" = DEFAULT_CONTRACT, *, format: "DocsFormat" = "markdown") -> "str":
    """The contract's docs: `"markdown"` (a reference), `"env-example"`, `"dts"` (TypeScript)
    or `"python"` (a `TypedDict` module for `assert_env(typed=Env)`)."""
    path, mapping = _contract_args(contract)
    return _native.render_docs(path, mapping, format=format)


__all__ = [
    "ContractError",
    "ContractErrorKind",
    "ContractLocation",
    "DocsFormat",
    "EnvContractError",
    "EnvFileError",
    "InternalError",
    "LogFormat",
    "Phase",
    "Problem",
    "ProblemCode",
    "Report",
    "Severity",
    "__version__",
    "assert_env",
    "render_docs",
    "validate_env",
]
