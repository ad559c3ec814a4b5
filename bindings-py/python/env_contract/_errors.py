"""The exceptions of env-contract. Defined in Python; the native code raises them too."""

from __future__ import annotations

from ._frozen import Frozen

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at boot
if TYPE_CHECKING:
    from ._literals import ContractErrorKind
    from ._types import Report


class EnvContractError(ValueError):
    """The environment does not meet the contract.

    `.report` is the whole report, `.problems` its problems (errors and warnings). The message
    lists every problem, one per line, and never holds a value.
    """

    code = "ENV_CONTRACT_INVALID"

    def __init__(self, report: Report) -> None:
        self.report = report
        self.problems = report.problems
        super().__init__(report.summary)

    def __reduce__(self) -> tuple[type[EnvContractError], tuple[Report]]:
        return (type(self), (self.report,))


class ContractLocation(Frozen):
    """Where in the contract the mistake is."""

    __slots__ = ("file", "line", "column", "pointer")
    _fields = __slots__

    file: str | None
    line: int | None
    column: int | None
    pointer: str | None

    def __init__(
        self, file: str | None = None, line: int | None = None, column: int | None = None, pointer: str | None = None
    ) -> None:
        self._set(file=file, line=line, column=column, pointer=pointer)


class ContractError(ValueError):
    """The contract itself is broken (bad JSON, a keyword of the wrong shape, ...).

    `str(e)` says what and where; `.kind` is core's kind (`"json"`, `"shape"`, `"pattern"`, ...)
    and `.location` has `file`, `line`, `column` and `pointer`.
    """

    code = "ENV_CONTRACT_BAD_CONTRACT"

    def __init__(
        self,
        message: str,
        *,
        kind: ContractErrorKind = "schema",
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        pointer: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.location = ContractLocation(file, line, column, pointer)


class EnvFileError(ValueError):
    """A dotenv file of `env_files` could not be read or parsed (the message never quotes it).

    `lines` lists every line that cannot be parsed as `(line, column, message)`."""

    def __init__(
        self, message: str, *, path: str | None = None, lines: list[tuple[int, int, str]] | None = None
    ) -> None:
        super().__init__(message)
        self.path = path
        self.lines = list(lines or [])


class InternalError(RuntimeError):
    """A bug in env-contract's native code (a Rust panic), as an ordinary `Exception`."""
