"""`python -m env_contract ...` (and the `env-contract` script): the command line, run by core."""

from __future__ import annotations

import sys

from . import _native


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # The native CLI writes to the process's stdout/stderr directly: flush Python's first.
    sys.stdout.flush()
    sys.stderr.flush()
    return _native.run_cli(["env-contract", *args])


if __name__ == "__main__":
    sys.exit(main())
