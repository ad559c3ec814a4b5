"""The native extension (Rust, pyo3). Use the public API of `env_contract` instead."""

from collections.abc import Mapping, Sequence
from typing import Any, final

__all__ = [
    "check",
    "ReportText",
    "render_docs",
    "run_cli",
    "cache_size",
    "clear_cache",
    "problem_line_of",
    "readiness",
    "contract_readiness",
    "_test_panic",
    "CODES",
    "MASK",
    "ENUMS",
    "__version__",
]

CODES: tuple[str, ...]
MASK: str
ENUMS: dict[str, tuple[str, ...]]
__version__: str

@final
class ReportText:
    """A check's report, rendered as core's human text on demand."""
    def render(self) -> str: ...

def check(
    contract_path: str | None = None,
    contract: Mapping[str, Any] | None = None,
    env: dict[str, str] | None = None,
    env_files: list[str] = ...,
    env_expand: bool = False,
    environment: str | None = None,
    phase: str = "runtime",
    values: bool = True,
    log: str | None = None,
    log_format: str | None = None,
    values_kept: int | None = None,
    report: bool = True,
) -> tuple[
    bool,  # ok
    tuple[str, int, list[dict[str, Any]], ReportText] | None,  # environment, checked, problems, text
    # (the report: None when report=False and ok)
    str | None,  # summary
    dict[str, Any] | None,  # values
    tuple[str, ...] | None,  # secret
    bool,  # skipped
    Sequence[str],  # skip_notice
    Sequence[tuple[str, str]],  # log
    Sequence[str],  # env_warnings
    Sequence[str],  # env_skipped
    int | None,  # values_id
]: ...
def render_docs(
    contract_path: str | None = None, contract: Mapping[str, Any] | None = None, *, format: str = "markdown"
) -> str: ...
def run_cli(argv: list[str]) -> int: ...
def cache_size() -> int: ...
def clear_cache() -> None: ...
def readiness(report_json: str, skipped: bool) -> tuple[int, str]: ...
def contract_readiness(kind: str) -> tuple[int, str]: ...
def problem_line_of(var: str | None, code: str, severity: str, message: str, hint: str | None = None) -> str: ...

# Only in test builds (cargo feature `test-panic`, scripts/test-python.sh); no shipped wheel has it.
def _test_panic(value: str) -> None: ...
