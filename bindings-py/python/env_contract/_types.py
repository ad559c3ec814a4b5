"""Problems and reports as Python values (DESIGN §4)."""

from __future__ import annotations

from ._frozen import Frozen

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (type checkers know the name)

if TYPE_CHECKING:
    from typing import Any

    from . import _native
    from ._literals import ContractErrorKind as ContractErrorKind
    from ._literals import DocsFormat as DocsFormat
    from ._literals import LogFormat as LogFormat
    from ._literals import Phase as Phase
    from ._literals import ProblemCode as ProblemCode
    from ._literals import Severity as Severity

# The Literals of core's enums (ProblemCode, Severity, …) are in `_literals.py`, loaded when one
# is first read (building a Literal imports `typing`, which a boot does not need).
_LITERALS = ("ProblemCode", "Severity", "Phase", "DocsFormat", "ContractErrorKind", "LogFormat")


if not TYPE_CHECKING:  # type checkers read the names above; unknown ones stay errors for them

    def __getattr__(name: str) -> object:
        if name in _LITERALS:
            from . import _literals

            return getattr(_literals, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Problem(Frozen):
    """One thing wrong with the environment. `message` and `hint` never hold a value."""

    __slots__ = ("var", "code", "severity", "message", "hint")
    _fields = __slots__

    var: str | None
    code: ProblemCode
    severity: Severity
    message: str
    hint: str | None

    def __init__(
        self, var: str | None, code: ProblemCode, severity: Severity, message: str, hint: str | None = None
    ) -> None:
        self._set(var=var, code=code, severity=severity, message=message, hint=hint)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
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

    ok: bool
    environment: str
    checked: int
    problems: tuple[Problem, ...]
    _text: str | _native.ReportText
    summary: str

    def __init__(
        self,
        ok: bool,
        environment: str,
        checked: int,
        problems: tuple[Problem, ...],
        text: str = "",
        summary: str = "",
    ) -> None:
        self._set(ok=ok, environment=environment, checked=checked, problems=problems, _text=text, summary=summary)

    @property
    def text(self) -> str:
        """Core's human report: one line per variable, then a summary."""
        text = self._text
        if not isinstance(text, str):
            text = text.render()
            object.__setattr__(self, "_text", text)
        return text

    def __reduce__(self) -> tuple[type[Report], tuple[Any, ...]]:
        return (Report, (self.ok, self.environment, self.checked, self.problems, self.text, self.summary))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    def to_dict(self) -> dict[str, Any]:
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
    def _from_native(cls, data: dict[str, Any], text: _native.ReportText | str = "", summary: str = "") -> Report:
        report = cls.__new__(cls)
        report._set(
            ok=data["ok"],
            environment=data["environment"],
            checked=data["checked"],
            problems=tuple(Problem(**p) for p in data["problems"]),
            _text=text,
            summary=summary,
        )
        return report
