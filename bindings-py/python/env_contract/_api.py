"""assert_env, validate_env, render_docs: argument handling around the native check."""

from __future__ import annotations

import os
import sys

from . import _native
from ._abc import Mapping
from ._errors import EnvContractError
from ._types import Report
from ._values import EnvValues

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at boot
if TYPE_CHECKING:
    import logging
    from collections.abc import Iterable
    from typing import Any, TypeVar, Union, overload

    from ._literals import DocsFormat, LogFormat, Phase

    ContractSource = Union[str, "os.PathLike[str]", Mapping[str, Any]]
    EnvFiles = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]
    # The type `assert_env(typed=Env)` returns: a `TypedDict` from `env-contract docs --format python`.
    EnvT = TypeVar("EnvT", bound=Mapping[str, object])

# `logging`, `json` and `typing` are imported when first needed (a record some handler may
# show, a contract given as a Mapping, the type aliases read at run time): a passing check
# pays for none of them at boot.
_ALIASES = ("ContractSource", "EnvFiles", "EnvT")


if not TYPE_CHECKING:  # type checkers read the names above; unknown ones stay errors for them

    def __getattr__(name: str) -> object:
        """The type aliases above, built once, on first use at run time (env_contract.fastapi)."""
        if name not in _ALIASES:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from collections.abc import Iterable
        from typing import Any, TypeVar, Union

        path = Union[str, "os.PathLike[str]"]
        globals().update(
            ContractSource=Union[path, Mapping[str, Any]],
            EnvFiles=Union[path, Iterable[path]],
            EnvT=TypeVar("EnvT", bound=Mapping[str, object]),
        )
        return globals()[name]


def logger() -> logging.Logger:
    """The `env_contract` logger."""
    import logging

    return logging.getLogger("env_contract")


DEFAULT_CONTRACT = "env.contract.json"


def _contract_args(contract: ContractSource) -> tuple[str | None, Mapping[str, Any] | None]:
    """(path, mapping) for the native side, which walks a mapping into JSON itself."""
    if isinstance(contract, Mapping):
        return None, contract
    if isinstance(contract, (str, os.PathLike)):
        return os.fsdecode(contract), None
    raise TypeError(f"contract must be a path (str or os.PathLike) or a Mapping, not {type(contract).__qualname__}")


def _env_arg(env: Mapping[str, str] | None) -> dict[str, str] | None:
    if env is None or type(env) is dict:
        return env
    if isinstance(env, Mapping):
        return dict(env)
    raise TypeError(f"env must be a Mapping of str to str, not {type(env).__qualname__}")


def _env_files_arg(env_files: EnvFiles | None) -> list[str]:
    """Dotenv files, in order, as paths (core reads them, and skips a missing one)."""
    if env_files is None:
        return []
    if isinstance(env_files, (str, os.PathLike)):
        env_files = [env_files]
    return [os.fsdecode(f) for f in env_files]


def _check(
    contract: ContractSource,
    environment: str | None,
    env: Mapping[str, str] | None,
    env_files: EnvFiles | None,
    phase: Phase,
    values: bool = True,
    env_expand: bool = False,
    log_to: logging.Logger | bool | None = None,
    log_format: LogFormat | None = None,
) -> tuple[Report, EnvValues | None, list[str]]:
    """(report, values, skip notice): core decides whether `ENV_CONTRACT_SKIP` applies (a
    call that asks for values) and words the notice; an empty notice means it does not. The
    values (None unless asked for) print core's secret names masked.

    With `log_to` (a logger, or True: the `env_contract` logger), the startup lines (core's `log::startup_lines`: a head line, one line per
    problem, text or JSON) go to that logger, each at its level, before the caller raises."""
    path, mapping = _contract_args(contract)
    if not isinstance(env_expand, bool):
        raise TypeError(f"env_expand must be a bool, not {type(env_expand).__qualname__}")
    out = _native.check(
        path,
        mapping,
        env=_env_arg(env),
        env_files=_env_files_arg(env_files),
        env_expand=env_expand,
        environment=environment,
        phase=phase,
        values=values,
        skip=os.environ.get("ENV_CONTRACT_SKIP"),
        log=log_to is not None and log_to is not False,
        log_format=log_format,
        log_format_env=os.environ.get("ENV_CONTRACT_LOG_FORMAT"),
    )
    for skipped in out["env_skipped"]:
        logger().debug("env file %s does not exist; skipped", skipped)
    for warning in out["env_warnings"]:
        logger().warning("env-contract: %s", warning)
    if log_to is True:
        log_startup(out["log"])
    elif log_to is not None and log_to is not False:
        log_lines(log_to, out["log"])
    report = Report._from_native(out["report"], out["text"], out["summary"] or "")
    env_values = None if out["values"] is None else EnvValues(out["values"], out["secret"])
    return report, env_values, out["skip_notice"] if out["skipped"] else []


def validate_env(
    contract: ContractSource = DEFAULT_CONTRACT,
    *,
    environment: str | None = None,
    env: Mapping[str, str] | None = None,
    env_files: EnvFiles | None = None,
    env_expand: bool = False,
    phase: Phase = "runtime",
) -> Report:
    """Checks the environment and returns the report. Never raises for problems of the
    environment; raises `ContractError` for a broken contract."""
    return _check(contract, environment, env, env_files, phase, values=False, env_expand=env_expand)[0]


if TYPE_CHECKING:

    @overload
    def assert_env(
        contract: ContractSource = ...,
        *,
        environment: str | None = ...,
        env: Mapping[str, str] | None = ...,
        env_files: EnvFiles | None = ...,
        env_expand: bool = ...,
        phase: Phase = ...,
        log_format: LogFormat | None = ...,
        typed: type[EnvT],
    ) -> EnvT: ...
    @overload
    def assert_env(
        contract: ContractSource = ...,
        *,
        environment: str | None = ...,
        env: Mapping[str, str] | None = ...,
        env_files: EnvFiles | None = ...,
        env_expand: bool = ...,
        phase: Phase = ...,
        log_format: LogFormat | None = ...,
        typed: None = ...,
    ) -> Mapping[str, Any]: ...


def assert_env(
    contract: ContractSource = DEFAULT_CONTRACT,
    *,
    environment: str | None = None,
    env: Mapping[str, str] | None = None,
    env_files: EnvFiles | None = None,
    env_expand: bool = False,
    phase: Phase = "runtime",
    log_format: LogFormat | None = None,
    typed: type[Any] | None = None,
) -> Any:
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
        contract, environment, env, env_files, phase, env_expand=env_expand, log_to=True, log_format=log_format
    )
    if skip_notice:
        log_skip(skip_notice)
    elif not report.ok:
        raise EnvContractError(report)
    return values  # asked for: never None


_LEVELS = {"info": 20, "warning": 30, "error": 40}  # logging.INFO, WARNING, ERROR


def log_startup(lines: list[tuple[str, str]]) -> None:
    """Core's startup lines to the `env_contract` logger. When nothing in this process has
    imported `logging`, nothing has configured it either: the root logger is at WARNING with no
    handler, so INFO records would be dropped, and the import (several ms at boot) is skipped
    for a check with only INFO lines to log. A warning or an error always goes to `logging`."""
    if not lines or ("logging" not in sys.modules and all(level == "info" for level, _ in lines)):
        return
    log_lines(logger(), lines)


def log_lines(log: logging.Logger, lines: list[tuple[str, str]]) -> None:
    """Core's startup lines, one log record each, at core's level."""
    for level, text in lines:
        log.log(_LEVELS[level], "%s", text)


def log_skip(notice: list[str], log: logging.Logger | None = None) -> None:
    """The loud warning of `ENV_CONTRACT_SKIP` (core's words: the contract, then each problem
    it lets through), one log record per line."""
    for line in notice:
        (log or logger()).warning("%s", line)


def render_docs(contract: ContractSource = DEFAULT_CONTRACT, *, format: DocsFormat = "markdown") -> str:
    """The contract's docs: `"markdown"` (a reference), `"env-example"`, `"dts"` (TypeScript)
    or `"python"` (a `TypedDict` module for `assert_env(typed=Env)`)."""
    path, mapping = _contract_args(contract)
    return _native.render_docs(path, mapping, format=format)
