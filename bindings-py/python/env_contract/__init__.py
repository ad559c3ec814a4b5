"""env-contract: check the environment against `env.contract.json` before the app boots.

Usage:

    from env_contract import assert_env
    env = assert_env()        # ./env.contract.json against os.environ; raises EnvContractError
"""

from __future__ import annotations

from ._api import assert_env, render_docs, validate_env
from ._errors import ContractError, ContractLocation, EnvContractError, EnvFileError, InternalError
from ._native import __version__
from ._types import ContractErrorKind, DocsFormat, LogFormat, Phase, Problem, ProblemCode, Report, Severity

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
