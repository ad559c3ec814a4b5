#!/usr/bin/env bash
set -euo pipefail
echo "bench: not yet built" >&2
