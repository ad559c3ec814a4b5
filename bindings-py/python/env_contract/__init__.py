"""env-contract: check the environment against `env.contract.json` before the app boots.

Usage:

    from env_contract import assert_env
    env = assert_env()        # ./env.contract.json against os.environ; raises EnvContractError
"""

from __future__ import annotations

from ._api import assert_env, render_docs, validate_env
from ._errors import ContractError, ContractLocation, EnvContractError, EnvFileError, InternalError
from ._native import __version__
from ._types import Problem, Report

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at boot
if TYPE_CHECKING:
    from ._literals import ContractErrorKind, DocsFormat, LogFormat, Phase, ProblemCode, Severity


if not TYPE_CHECKING:  # type checkers read the names above; unknown ones stay errors for them

    def __getattr__(name: str) -> object:
        # The Literals of core's enums load on first use: building one imports `typing`.
        from . import _types

        if name in _types._LITERALS:
            return getattr(_types, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
