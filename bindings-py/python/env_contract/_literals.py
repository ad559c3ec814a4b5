"""The names of core's enums that cross into Python, as `Literal`s (the public `ProblemCode`,
`Severity`, `Phase`, `DocsFormat`, `ContractErrorKind`, `LogFormat`).

A module of their own because building a `Literal` needs `typing`, which the package does not
import at boot: `env_contract` loads this module the first time one of
these names is read at run time (type checkers read it directly).
"""

from __future__ import annotations

from typing import Literal

# The Literals below are core's enums (core/src/enums.rs), in core's order:
# tests/test_types.py fails on drift and prints the text to paste.

# The stable problem codes (DESIGN §4).
ProblemCode = Literal[
    "missing",
    "type",
    "too-short",
    "too-long",
    "pattern",
    "format",
    "enum",
    "const",
    "range",
    "url-invalid",
    "url-scheme",
    "url-port",
    "url-host",
    "url-localhost",
    "url-credentials",
    "stripe-key-kind",
    "stripe-mode-mismatch",
    "stripe-mode-environment",
    "client-secret-leak",
    "client-secret-name",
    "unknown-var",
    "deprecated",
    "schema",
]

Severity = Literal["error", "warning"]
Phase = Literal["build", "runtime"]
DocsFormat = Literal["markdown", "env-example", "dts", "python", "contract"]
# What kind of mistake makes a contract unusable (`ContractError.kind`).
ContractErrorKind = Literal[
    "io",
    "json",
    "shape",
    "pattern",
    "format",
    "undeclared",
    "secret-client",
    "preset",
    "ref",
    "schema",
]
# The forms of the startup log lines (`ENV_CONTRACT_LOG_FORMAT`, `log_format=`).
LogFormat = Literal["text", "json"]
