"""The two standard classes the package needs at boot, without the imports that bring them.

`collections.abc` is `_collections_abc` re-exported, but importing it first imports the
`collections` package (about 2 ms of a cold start, measured in `make bench`), while
`_collections_abc` is already loaded by `os` when the interpreter starts. `types` defines
`MappingProxyType` as `type(type.__dict__)`. Both are the very same class objects, so
`isinstance` checks and subclassing behave exactly as with the public names; type checkers
read the public ones.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at boot
if TYPE_CHECKING:
    from collections.abc import Mapping as Mapping
    from types import MappingProxyType as MappingProxyType
else:
    try:
        from _collections_abc import Mapping
    except ImportError:  # an interpreter without CPython's module layout
        from collections.abc import Mapping
    MappingProxyType = type(type.__dict__)

__all__ = ["Mapping", "MappingProxyType"]
