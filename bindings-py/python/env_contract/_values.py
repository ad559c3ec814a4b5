"""The values `assert_env` returns: a read-only mapping whose secrets print masked.

Which names are secret is core's decision (`Values::secret_names`: `x-secret`, and every value
in which the check found a secret), and so is the text that stands in for them
(`_native.MASK`). This class only applies both to the ways Python prints an object.
"""

from __future__ import annotations

from . import _native
from ._abc import Mapping, MappingProxyType

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at boot
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any

    _Base = Mapping[str, Any]
else:
    _Base = Mapping  # the same class; subscripting it at run time would need typing's Any


class _Masked:
    """Stands in for a secret value in a repr: prints as core's mask, without quotes."""

    __slots__ = ()

    def __repr__(self) -> str:
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

    _values: MappingProxyType[str, Any]
    _secret: frozenset[str]

    def __init__(self, values: Mapping[str, Any], secret: Iterable[str] = ()) -> None:
        object.__setattr__(self, "_values", MappingProxyType(values))
        object.__setattr__(self, "_secret", frozenset(secret))

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    @property
    def secret_names(self) -> frozenset[str]:
        """The names whose values print masked (core's decision)."""
        return self._secret

    def __repr__(self) -> str:
        secret = self._secret
        shown = {k: _MASKED if k in secret else v for k, v in self._values.items()}
        return f"{type(self).__name__}({shown!r})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only: cannot delete {name!r}")

    def __reduce__(self) -> tuple[type[EnvValues], tuple[dict[str, Any], tuple[str, ...]]]:
        # Pickle and copy with the real values (a worker process needs them) and the secret
        # names (the copy prints masked too).
        return (type(self), (dict(self._values), tuple(sorted(self._secret))))
