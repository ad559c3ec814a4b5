"""Small immutable value classes, without `dataclasses`.

`dataclasses` imports `inspect` (and with it `ast`, `dis`, `tokenize`): about a third of the
package's import time at every boot. These classes need only what a frozen dataclass gives:
keyword-friendly construction, a repr of their fields, equality, hashing, no mutation.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at boot
if TYPE_CHECKING:
    from typing import Any


class Frozen:
    """Base of the package's value classes: subclasses set `__slots__`, `_fields` (the
    fields shown by repr and compared) and an `__init__` that calls `_set`."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def _set(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def __reduce__(self) -> tuple[type[Frozen], tuple[Any, ...]]:
        # Pickle and copy through `__init__` (whose parameters are the slots, in order): the
        # default protocol restores slots with `setattr`, which these classes refuse.
        slots: tuple[str, ...] = self.__slots__
        return (type(self), tuple(getattr(self, name) for name in slots))

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f) for f in self._fields)

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({inner})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Frozen) or type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((type(self), self._key()))
